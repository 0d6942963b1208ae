import { sensorsTruth } from '@rivulet/operators';
import { runBounded } from '../harness.js';
import { goal, type DataFile, type Scenario } from '../types.js';
import {
  aboveOnce,
  byTruck,
  episodesOf,
  firstWarnings,
  fixedDedupe,
  judgeExcursions,
  judgeLate,
  legsOf,
  readingId,
  toReading,
  type Alert,
  type Reading,
} from './measure.js';
import { LATE_MIN, LOGISTICS_SETTINGS, LOGISTICS_TEMPLATE } from './template.js';

/** Recall counts the episodes that began at least this long before the run ended. */
const EPISODE_SETTLE_MS = 10 * 60_000;
const LATE_MS = LATE_MIN * 60_000;

/**
 * The fleet's configuration, as dispatch knows it: each truck's set point, and its usual road
 * speed estimated from past trips (to the km/h, a couple of km/h off its true habit).
 */
function fleetFile(seed: number): DataFile {
  const truth = sensorsTruth(LOGISTICS_SETTINGS, seed);
  return {
    path: 'fleet.jsonl',
    lines: truth.vehicles.map((v) =>
      JSON.stringify({ vehicleId: v.vehicleId, setpointC: v.setpointC, typicalKmh: v.typicalKmh }),
    ),
  };
}

export const logistics: Scenario = {
  name: 'logistics',
  title: LOGISTICS_TEMPLATE.title,
  template: LOGISTICS_TEMPLATE,
  defaults: { seed: 1, events: 100_000 },
  dataFiles: (seed) => [fleetFile(seed)],
  async evaluate({ seed, events }) {
    const truth = sensorsTruth(LOGISTICS_SETTINGS, seed);
    const setpoint = new Map(truth.vehicles.map((v) => [v.vehicleId, v.setpointC]));
    const readings: Reading[] = [];
    const run = await runBounded(LOGISTICS_TEMPLATE.document, {
      seed,
      events,
      eventId: readingId,
      files: [fleetFile(seed)],
      observe: (r) => readings.push(toReading(r, setpoint.get(r.vehicleId as string) ?? 0)),
    });
    const trucks = byTruck(readings);
    const { episodes, episodeOf } = episodesOf(trucks);
    const countedBefore = run.lastTs - EPISODE_SETTLE_MS;
    const alerts = (run.captured.get('alerts') ?? []).map((c) => c.record);
    const excursionAlerts: Alert[] = alerts
      .filter((a) => a.rule === 'excursion')
      .map((a) => ({ vehicleId: a.vehicleId as string, readingTs: a.readingTs as number }));
    const excursion = judgeExcursions(excursionAlerts, episodes, episodeOf, countedBefore);

    const legs = legsOf(readings, LATE_MS);
    const lateWarnings = alerts
      .filter((a) => a.rule === 'late')
      .map((a) => ({ legId: a.legId as string, readingTs: a.readingTs as number }));
    const late = judgeLate(lateWarnings, legs);

    // Baselines on the same readings, from public fields only.
    const { planKmh, bufferMs } = truth.timetable;
    const startOf = (r: Reading) => Math.max(r.ts, r.scheduledDeparture);
    const behindNow = firstWarnings(
      readings,
      (r) =>
        startOf(r) + (r.remainingKm / planKmh) * 3_600_000 - (r.scheduledArrival - bufferMs) >
        10 * 60_000,
    );
    const atCurrentSpeed = firstWarnings(
      readings,
      (r) =>
        r.status === 'driving' &&
        r.ts + (r.remainingKm / Math.max(r.speedKmh, 5)) * 3_600_000 - r.scheduledArrival > LATE_MS,
    );
    const judgeBaseline = (list: Alert[]) =>
      judgeExcursions(list, episodes, episodeOf, countedBefore);
    const pick = (m: ReturnType<typeof judgeLate>, keys: string[]) =>
      Object.fromEntries(keys.map((k) => [k, m[k] ?? null]));
    const lateKeys = ['precision', 'recall', 'recallAhead10Min', 'warnedLegs', 'leadTimeP50Sec'];
    const excursionKeys = ['precision', 'recall', 'alerts', 'repeats', 'falseAlarms'];
    const firstTs = readings.reduce((m, r) => (r.ts < m ? r.ts : m), run.lastTs);
    const hours = (run.lastTs - firstTs) / 3_600_000;

    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    return {
      scenario: 'logistics',
      seed,
      events,
      notes: [
        `The template bounded, paced at its ${LOGISTICS_TEMPLATE.document.nodes[0]!.params.ratePerSec as number} readings/s on a virtual clock: ${hours.toFixed(1)} h of event time, ${LOGISTICS_SETTINGS.vehicles} trucks (a report every ${LOGISTICS_SETTINGS.vehicles / 10} s each).`,
        `Excursions: episodes are runs of a truck's labelled readings (cooling failed until the air is back within 1.5 °C of the set point); a second failure after a normal reading is a second episode. The first alert of an episode is right; a repeat on the same episode, or an alert outside any, is noise. Recall counts episodes begun 10 min or more before the end (${num(excursion.episodes)} of them).`,
        'Detection delay: event time from the first labelled reading (the failure, before the air warms) to the reading that raised the first alert.',
        `Late deliveries judged at arrival: a leg is late when its arrival report comes over ${LATE_MIN} min after its scheduled arrival; a warning counts for the leg when given before its arrival; legs still on the road at the end are not judged (${num(late.pendingWarnings)} warnings pending). Lead time: arrival − warning, event time. ${num(late.legs)} legs arrived, ${num(late.lateLegs)} late.`,
        'Baselines on the same readings: excursion "aboveOnce" alerts each time a reading crosses set point + 2 °C; "fixedDedupe15m" is the previous rule (3 readings over +2.5 °C within a minute, doors ignored, one alert per truck per 15 min). Late "behindNow10Min" warns when the truck is over 10 min behind its timetable position right now (plan speed); "etaAtCurrentSpeed" when the remaining km at its current speed end over 15 min late.',
      ],
      metrics: {
        excursion,
        late,
        baselines: {
          excursion: {
            aboveOnce: pick(judgeBaseline(aboveOnce(trucks)), excursionKeys),
            fixedDedupe15m: pick(judgeBaseline(fixedDedupe(trucks)), excursionKeys),
          },
          late: {
            behindNow10Min: pick(judgeLate(behindNow, legs), lateKeys),
            etaAtCurrentSpeed: pick(judgeLate(atCurrentSpeed, legs), lateKeys),
          },
        },
      },
      goals: [
        goal('excursion.recall', num(excursion.recall), '>=', 0.95),
        goal('excursion.precision', num(excursion.precision), '>=', 0.9),
        goal('excursion.detectionDelayP50Sec', num(excursion.detectionDelayP50Sec), '<=', 180, 's'),
        goal('late.precision', num(late.precision), '>=', 0.8),
        goal('late.recall', num(late.recall), '>=', 0.8),
      ],
    };
  },
};
