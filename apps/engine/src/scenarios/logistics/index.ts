import { sensorsTruth, type Rec } from '@rivulet/operators';
import { runBounded } from '../harness.js';
import { detection, groupOccurrences, quantile, ratio, round } from '../metrics.js';
import { goal, type DataFile, type Scenario } from '../types.js';
import { LOGISTICS_SETTINGS, LOGISTICS_TEMPLATE } from './template.js';

/** Excursion readings of one truck less than this apart belong to one episode. */
const EPISODE_GAP_MS = 2 * 60_000;
/** Recall counts the episodes that began at least this long before the run ended. */
const EPISODE_SETTLE_MS = 10 * 60_000;

/** The fleet's configuration: each truck's set point (and route), as dispatch knows it. */
function fleetFile(seed: number): DataFile {
  const truth = sensorsTruth(LOGISTICS_SETTINGS, seed);
  return {
    path: 'fleet.jsonl',
    lines: truth.vehicles.map((v) =>
      JSON.stringify({ vehicleId: v.vehicleId, setpointC: v.setpointC }),
    ),
  };
}

const readingId = (r: Rec) => `${r.vehicleId as string}@${r.ts as number}`;

export const logistics: Scenario = {
  name: 'logistics',
  title: LOGISTICS_TEMPLATE.title,
  template: LOGISTICS_TEMPLATE,
  defaults: { seed: 1, events: 100_000 },
  dataFiles: (seed) => [fleetFile(seed)],
  async evaluate({ seed, events }) {
    const excursions: { id: string; subject: string; label: string; ts: number }[] = [];
    const run = await runBounded(LOGISTICS_TEMPLATE.document, {
      seed,
      events,
      eventId: readingId,
      files: [fleetFile(seed)],
      observe: (r) => {
        if (r.excursion === true)
          excursions.push({
            id: readingId(r),
            subject: r.vehicleId as string,
            label: 'excursion',
            ts: r.ts as number,
          });
      },
    });
    excursions.sort((a, b) => a.ts - b.ts);
    const { occurrenceOf, occurrences } = groupOccurrences(excursions, EPISODE_GAP_MS);
    const alerts = run.captured.get('alerts') ?? [];
    const excursionAlerts = alerts.filter((a) => a.record.rule === 'excursion');
    const idOf = (a: { record: Rec }) =>
      `${a.record.vehicleId as string}@${a.record.readingTs as number}`;
    const counted = new Set(
      occurrences.filter((o) => o.start <= run.lastTs - EPISODE_SETTLE_MS).map((o) => o.id),
    );
    const d = detection(
      excursionAlerts.map((a) => [idOf(a)]),
      (id) => occurrenceOf.get(id) ?? null,
      counted,
    );
    // How long after an episode began (event time) its first alert came.
    const firstAlert = new Map<string, number>();
    for (const a of excursionAlerts) {
      const o = occurrenceOf.get(idOf(a));
      if (o !== undefined && !firstAlert.has(o)) firstAlert.set(o, a.record.readingTs as number);
    }
    const delays = occurrences
      .filter((o) => firstAlert.has(o.id))
      .map((o) => (firstAlert.get(o.id)! - o.start) / 1000);
    const wall = excursionAlerts
      .map((a) => a.at - (run.readAt.get(idOf(a)) ?? NaN))
      .filter(Number.isFinite);

    const late = new Set(
      sensorsTruth(LOGISTICS_SETTINGS, seed)
        .vehicles.filter((v) => v.late)
        .map((v) => v.vehicleId),
    );
    const warned = new Set(
      alerts.filter((a) => a.record.rule === 'late').map((a) => a.record.vehicleId as string),
    );
    const rightlyWarned = [...warned].filter((v) => late.has(v)).length;
    const latePrecision = ratio(rightlyWarned, warned.size);
    const lateRecall = ratio(rightlyWarned, late.size);
    const hours = (run.lastTs - Math.min(...excursions.map((e) => e.ts), run.lastTs)) / 3_600_000;

    return {
      scenario: 'logistics',
      seed,
      events,
      notes: [
        `The template bounded, paced at its 10 readings/s on a virtual clock: about ${hours.toFixed(1)} h of event time.`,
        'Excursions: an alert is right when its third warm reading is labelled excursion; recall counts episodes (labelled readings of one truck less than 2 min apart) begun 10 min or more before the end.',
        'Detection delay: event time from the first labelled reading of an episode to the reading that raised its first alert (the cooling unit fails before the air warms: the label starts at the failure).',
        'Late deliveries: vehicles warned against the truth’s late trucks (a delay drift of 180 s/h or more). A drifting truck needs hours to fall 10 min behind, and each new leg starts closer to its timetable: recall grows with the run’s length.',
        'Wall latency of excursion alerts: from the read of the triggering reading; the pattern also waits for the 2 s out-of-orderness watermark in event time, which the virtual clock does not wait for.',
      ],
      figures: [
        { name: 'excursion episodes counted', value: d.occurrences },
        { name: 'excursion alerts', value: d.alerts },
        { name: 'excursion precision', value: round(d.precision) },
        { name: 'excursion recall', value: round(d.recall) },
        {
          name: 'excursion detection delay p50',
          value: round(quantile(delays, 0.5), 1),
          unit: 's',
        },
        {
          name: 'excursion detection delay p99',
          value: round(quantile(delays, 0.99), 1),
          unit: 's',
        },
        { name: 'excursion wall latency p99', value: round(quantile(wall, 0.99), 2), unit: 'ms' },
        { name: 'late trucks (truth)', value: late.size },
        { name: 'trucks warned late', value: warned.size },
        { name: 'late-warning precision', value: round(latePrecision) },
        { name: 'late-warning recall', value: round(lateRecall) },
      ],
      goals: [
        goal('excursion recall', round(d.recall), '>=', 0.95),
        goal('excursion precision', round(d.precision), '>=', 0.95),
        goal('excursion detection delay p50', round(quantile(delays, 0.5), 1), '<=', 180, 's'),
        goal('late-warning precision', round(latePrecision), '>=', 0.9),
      ],
    };
  },
};
