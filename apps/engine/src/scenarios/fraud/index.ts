import { FRAUD_TYPES, type FraudType, type Rec } from '@rivulet/operators';
import { runBounded } from '../harness.js';
import { detection, groupOccurrences, quantile, round } from '../metrics.js';
import { goal, type Figure, type Goal, type Scenario } from '../types.js';
import { fraudDataFiles } from './data.js';
import { FRAUD_TEMPLATE } from './template.js';

/** Labelled events of one card and type closer than this belong to one pattern occurrence. */
const OCCURRENCE_GAP_MS = 31 * 60_000;
/**
 * The longest a labelled pattern takes to unfold, by type: recall counts the occurrences that
 * began at least this long before the run's last event, so that all their events are in.
 */
const PATTERN_SPAN_MS: Record<FraudType, number> = {
  card_testing: 5 * 60_000,
  velocity: 60_000,
  impossible_travel: 30 * 60_000,
  night_amount: 0,
  account_takeover: 10 * 60_000,
};
/** Rules that alert as the triggering event arrives (no window has to close first). */
const IMMEDIATE_RULES = new Set(FRAUD_TYPES);
const LATENCY_GOAL_MS = 50;

export const fraud: Scenario = {
  name: 'fraud',
  title: FRAUD_TEMPLATE.title,
  template: FRAUD_TEMPLATE,
  defaults: { seed: 1, events: 300_000 },
  dataFiles: fraudDataFiles,
  async evaluate({ seed, events }) {
    const labelled: { id: string; subject: string; label: string; ts: number }[] = [];
    const run = await runBounded(FRAUD_TEMPLATE.document, {
      seed,
      events,
      eventId: (r) => r.txId as string,
      files: fraudDataFiles(seed),
      observe: (r: Rec) => {
        if (r.isFraud === true)
          labelled.push({
            id: r.txId as string,
            subject: r.cardId as string,
            label: r.fraudType as string,
            ts: r.ts as number,
          });
      },
    });
    labelled.sort((a, b) => a.ts - b.ts);
    const { occurrenceOf, occurrences } = groupOccurrences(labelled, OCCURRENCE_GAP_MS);
    // Recall counts the occurrences that had the time to complete before the run ended.
    const lastTs = run.lastTs;
    const counted = (type: FraudType) =>
      new Set(
        occurrences
          .filter((o) => o.label === type && o.start <= lastTs - PATTERN_SPAN_MS[type])
          .map((o) => o.id),
      );
    const labelOf = new Map(labelled.map((e) => [e.id, e.label]));
    const alerts = run.captured.get('alerts') ?? [];

    const figures: Figure[] = [];
    const goals: Goal[] = [];
    for (const type of FRAUD_TYPES) {
      const mine = alerts.filter((a) => a.record.rule === type);
      const d = detection(
        mine.map((a) => String(a.record.txIds).split(',')),
        (id) => (labelOf.get(id) === type ? occurrenceOf.get(id)! : null),
        counted(type),
      );
      const latencies = mine
        .map((a) => a.at - (run.readAt.get(a.record.txId as string) ?? NaN))
        .filter((ms) => Number.isFinite(ms));
      const p50 = quantile(latencies, 0.5);
      const p99 = quantile(latencies, 0.99);
      figures.push(
        { name: `${type}: occurrences`, value: d.occurrences },
        { name: `${type}: alerts`, value: d.alerts },
        { name: `${type}: precision`, value: round(d.precision) },
        { name: `${type}: recall`, value: round(d.recall) },
        { name: `${type}: latency p50`, value: round(p50, 2), unit: 'ms' },
        { name: `${type}: latency p99`, value: round(p99, 2), unit: 'ms' },
      );
      goals.push(
        goal(`${type} recall`, round(d.recall), '>=', 0.95),
        goal(`${type} precision`, round(d.precision), '>=', 0.9),
      );
      if (IMMEDIATE_RULES.has(type))
        goals.push(goal(`${type} latency p99`, round(p99, 2), '<', LATENCY_GOAL_MS, 'ms'));
    }
    return {
      scenario: 'fraud',
      seed,
      events,
      notes: [
        'The template bounded, paced at its 50 events/s on a virtual clock: the source reads the batches it reads live (the events due: one or a few), and the run does not wait.',
        'Latency: wall clock from the read of the source batch holding the triggering event to the alert reaching its sink. No rule waits for a window to close: all are held to 50 ms.',
        'An alert is a true positive when at least half of its triggering events (txIds: the event, or the records of the pattern match) are labelled with its rule’s type, in one occurrence. Latency is measured to the event that completed it (txId). Recall: share of labelled occurrences (events of one card and type less than 31 min apart) with at least one true-positive alert, counting the occurrences that began early enough to unfold before the run’s end (30 min for impossible travel, 10 min for takeover, 5 min for card testing, 1 min for velocity).',
      ],
      figures,
      goals,
    };
  },
};
