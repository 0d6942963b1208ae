import type { Rec } from '@rivulet/operators';
import { quantile, ratio, round } from '../metrics.js';
import type { Metrics } from '../types.js';

/** A reading as the evaluation keeps it: the public fields, the label and the set point. */
export interface Reading {
  vehicleId: string;
  legId: string;
  status: string;
  ts: number;
  excessC: number;
  doorOpen: boolean;
  speedKmh: number;
  remainingKm: number;
  scheduledDeparture: number;
  scheduledArrival: number;
  /** The label (hidden from the pipeline). */
  excursion: boolean;
}

export const readingId = (r: Rec | Reading) => `${r.vehicleId as string}@${r.ts as number}`;

/** One excursion alert: the truck and the time of the reading that raised it. */
export interface Alert {
  vehicleId: string;
  readingTs: number;
}

export interface Episode {
  id: string;
  vehicleId: string;
  start: number;
  end: number;
}

/** Each truck's readings in event-time order. */
export function byTruck(readings: readonly Reading[]): Map<string, Reading[]> {
  const out = new Map<string, Reading[]>();
  for (const r of readings) {
    let list = out.get(r.vehicleId);
    if (list === undefined) out.set(r.vehicleId, (list = []));
    list.push(r);
  }
  for (const list of out.values()) list.sort((a, b) => a.ts - b.ts);
  return out;
}

/**
 * Episodes: maximal runs of a truck's labelled readings. A normal reading ends one, so a
 * second failure after the first recovered is a second episode, however soon it comes.
 */
export function episodesOf(trucks: Map<string, Reading[]>): {
  episodes: Episode[];
  episodeOf: Map<string, Episode>;
} {
  const episodes: Episode[] = [];
  const episodeOf = new Map<string, Episode>();
  for (const [vehicleId, list] of trucks) {
    let open: Episode | null = null;
    for (const r of list) {
      if (!r.excursion) {
        open = null;
        continue;
      }
      if (open === null) {
        open = { id: `${vehicleId}@${r.ts}`, vehicleId, start: r.ts, end: r.ts };
        episodes.push(open);
      }
      open.end = r.ts;
      episodeOf.set(readingId(r), open);
    }
  }
  return { episodes, episodeOf };
}

/**
 * Alerts judged per episode: the first alert of an episode is right; a repeat on the same
 * episode is noise (the user is told twice), and so is an alert outside any episode.
 * Recall counts the episodes begun before `countedBefore` (later ones may not have warmed yet).
 */
export function judgeExcursions(
  alerts: readonly Alert[],
  episodes: readonly Episode[],
  episodeOf: Map<string, Episode>,
  countedBefore: number,
): Metrics {
  const first = new Map<string, number>();
  let repeats = 0;
  let falseAlarms = 0;
  for (const a of [...alerts].sort((x, y) => x.readingTs - y.readingTs)) {
    const e = episodeOf.get(`${a.vehicleId}@${a.readingTs}`);
    if (e === undefined) falseAlarms++;
    else if (first.has(e.id)) repeats++;
    else first.set(e.id, a.readingTs);
  }
  const counted = episodes.filter((e) => e.start < countedBefore);
  const found = counted.filter((e) => first.has(e.id));
  const delays = found.map((e) => (first.get(e.id)! - e.start) / 1000);
  return {
    precision: round(ratio(first.size, alerts.length)),
    recall: round(ratio(found.length, counted.length)),
    episodes: counted.length,
    alerts: alerts.length,
    repeats,
    falseAlarms,
    detectionDelayP50Sec: round(quantile(delays, 0.5), 1),
    detectionDelayP90Sec: round(quantile(delays, 0.9), 1),
  };
}

/** Baseline: an alert each time a truck's reading crosses above set point + 2 °C. */
export function aboveOnce(trucks: Map<string, Reading[]>, excessC = 2): Alert[] {
  const alerts: Alert[] = [];
  for (const [vehicleId, list] of trucks) {
    let above = false;
    for (const r of list) {
      if (r.excessC > excessC && !above) alerts.push({ vehicleId, readingTs: r.ts });
      above = r.excessC > excessC;
    }
  }
  return alerts;
}

/**
 * Baseline: the rule before issue 14 — 3 readings over set point + 2.5 °C within a minute
 * (doors ignored), then a dedupe per truck for 15 min, which swallows a second failure.
 */
export function fixedDedupe(trucks: Map<string, Reading[]>, ttlMs = 15 * 60_000): Alert[] {
  const alerts: Alert[] = [];
  for (const [vehicleId, list] of trucks) {
    let warm: number[] = [];
    let passed = -Infinity;
    for (const r of list) {
      if (!(r.excessC > 2.5)) continue;
      warm.push(r.ts);
      while (warm.length > 0 && r.ts - warm[0]! >= 60_000) warm.shift();
      if (warm.length < 3) continue;
      warm = [];
      if (r.ts - passed < ttlMs) continue;
      passed = r.ts;
      alerts.push({ vehicleId, readingTs: r.ts });
    }
  }
  return alerts;
}

export interface Leg {
  legId: string;
  vehicleId: string;
  arrival: number;
  scheduledArrival: number;
  late: boolean;
}

/** The legs that arrived during the run, from their arrival reports. */
export function legsOf(readings: readonly Reading[], lateMs: number): Map<string, Leg> {
  const legs = new Map<string, Leg>();
  for (const r of readings)
    if (r.status === 'arrived')
      legs.set(r.legId, {
        legId: r.legId,
        vehicleId: r.vehicleId,
        arrival: r.ts,
        scheduledArrival: r.scheduledArrival,
        late: r.ts - r.scheduledArrival > lateMs,
      });
  return legs;
}

/**
 * Late warnings judged at arrival: a warning counts for its leg when given before the leg
 * arrived; legs still on the road at the end are not judged. Lead time: arrival − warning.
 */
export function judgeLate(
  warnings: readonly { legId: string; readingTs: number }[],
  legs: Map<string, Leg>,
): Metrics {
  const warned = new Map<string, number>();
  let pending = 0;
  for (const w of warnings) {
    const leg = legs.get(w.legId);
    if (leg === undefined) pending++;
    else if (w.readingTs < leg.arrival && !warned.has(w.legId)) warned.set(w.legId, w.readingTs);
  }
  const all = [...legs.values()];
  const late = all.filter((l) => l.late);
  const right = late.filter((l) => warned.has(l.legId));
  const leads = right.map((l) => (l.arrival - warned.get(l.legId)!) / 1000);
  return {
    precision: round(ratio(right.length, warned.size)),
    recall: round(ratio(right.length, late.length)),
    recallAhead10Min: round(ratio(leads.filter((s) => s >= 600).length, late.length)),
    legs: all.length,
    lateLegs: late.length,
    warnedLegs: warned.size,
    pendingWarnings: pending,
    trucks: new Set(all.map((l) => l.vehicleId)).size,
    trucksLate: new Set(late.map((l) => l.vehicleId)).size,
    leadTimeP50Sec: round(quantile(leads, 0.5), 0),
    leadTimeP10Sec: round(quantile(leads, 0.1), 0),
  };
}

/** A baseline's warnings: the first report of each leg (before its arrival) meeting `rule`. */
export function firstWarnings(
  readings: readonly Reading[],
  rule: (r: Reading) => boolean,
): { legId: string; readingTs: number }[] {
  const first = new Map<string, number>();
  for (const r of readings) {
    if (r.status === 'arrived' || !rule(r)) continue;
    const seen = first.get(r.legId);
    if (seen === undefined || r.ts < seen) first.set(r.legId, r.ts);
  }
  return [...first].map(([legId, readingTs]) => ({ legId, readingTs }));
}

/** The reading as kept, from a source record and the truck's set point (fleet file). */
export function toReading(r: Rec, setpointC: number): Reading {
  return {
    vehicleId: r.vehicleId as string,
    legId: r.legId as string,
    status: r.status as string,
    ts: r.ts as number,
    excessC: Math.round(((r.temperatureC as number) - setpointC) * 10) / 10,
    doorOpen: r.doorOpen === true,
    speedKmh: r.speedKmh as number,
    remainingKm: r.remainingKm as number,
    scheduledDeparture: r.scheduledDeparture as number,
    scheduledArrival: r.scheduledArrival as number,
    excursion: r.excursion === true,
  };
}
