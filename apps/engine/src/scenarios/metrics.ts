/** The q-quantile (0..1) of values by the nearest-rank method; null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/** A ratio, or null when the denominator is 0 (undefined, not perfect). */
export const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export interface Detection {
  /** Alerts whose triggering event carries the label. */
  truePositives: number;
  alerts: number;
  /** Occurrences counted for recall with at least one true-positive alert. */
  found: number;
  occurrences: number;
  precision: number | null;
  recall: number | null;
}

/**
 * Precision and recall of alerts against labelled occurrences. Each alert names the events
 * that triggered it (one, or the records of a pattern match). It is a true positive when at
 * least half of them belong to one occurrence of the label (`occurrenceOf` gives an event's
 * occurrence id, or null for an event without the label): a match that picked up an ordinary
 * event beside the labelled ones still counts (a credential change then the fraudulent
 * transfer; any home payment then the impossible one), a match made mostly of ordinary events
 * does not. An occurrence
 * of `counted` is found when a true-positive alert belongs to it. Several alerts on one
 * occurrence all count as true positives: they are right, only repeated.
 */
export function detection(
  alerts: readonly (readonly string[])[],
  occurrenceOf: (eventId: string) => string | null,
  counted: ReadonlySet<string>,
): Detection {
  const found = new Set<string>();
  let truePositives = 0;
  for (const events of alerts) {
    const votes = new Map<string, number>();
    for (const id of events) {
      const occurrence = occurrenceOf(id);
      if (occurrence !== null) votes.set(occurrence, (votes.get(occurrence) ?? 0) + 1);
    }
    for (const [occurrence, n] of votes) {
      if (n * 2 < events.length) continue;
      truePositives++;
      if (counted.has(occurrence)) found.add(occurrence);
    }
  }
  return {
    truePositives,
    alerts: alerts.length,
    found: found.size,
    occurrences: counted.size,
    precision: ratio(truePositives, alerts.length),
    recall: ratio(found.size, counted.size),
  };
}

export interface Occurrence {
  id: string;
  label: string;
  subject: string;
  start: number;
  end: number;
}

/**
 * Groups labelled events into occurrences: events of one subject (card, vehicle…) and one
 * label belong to the same occurrence while each follows the previous within `maxGap` ms.
 * Events must come in event-time order per subject.
 */
export function groupOccurrences(
  events: readonly { id: string; subject: string; label: string; ts: number }[],
  maxGap: number,
): { occurrenceOf: Map<string, string>; occurrences: Occurrence[] } {
  const occurrenceOf = new Map<string, string>();
  const occurrences: Occurrence[] = [];
  const open = new Map<string, Occurrence>();
  for (const e of events) {
    const group = `${e.label}\u0000${e.subject}`;
    let current = open.get(group);
    if (!current || e.ts - current.end > maxGap) {
      current = {
        id: `${group}\u0000${e.ts}`,
        label: e.label,
        subject: e.subject,
        start: e.ts,
        end: e.ts,
      };
      open.set(group, current);
      occurrences.push(current);
    }
    current.end = Math.max(current.end, e.ts);
    occurrenceOf.set(e.id, current.id);
  }
  return { occurrenceOf, occurrences };
}

export const round = (x: number | null, digits = 3): number | null =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;
