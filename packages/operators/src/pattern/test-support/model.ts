/**
 * A brute-force model of the pattern operator for two-step patterns, written apart from
 * nfa.ts: instead of running partial matches it states which record sets are matches.
 *
 * Over one key's accepted records sorted by (event time, arrival), with relaxed contiguity
 * ("skip till next match") between and inside steps:
 * - step A starts at any record i satisfying it; a repeated A takes, for its n-th record, the
 *   n-th record at or after i satisfying A (n ≥ min); a single A takes i alone;
 * - step B then takes the first record after A's last one satisfying B, and a repeated B the
 *   first k of them (k ≥ min);
 * - a match spans less than `within`: last time − first time < within.
 * noSkip reports all of them, each when its last record is processed; skipPastLastEvent walks
 * the records in order and reports, at each record, the first match ending there (earliest
 * start, then most records, then by position) among those starting after the last reported
 * match's end.
 *
 * The caps (see the operator) need the partial matches a key holds, which the rest of the
 * model never runs: `alive` states them per start from the records alone. A record
 * satisfying neither step is never fed, so only records satisfying one (`fed`) count below.
 * - A single start i waits for B: with a single B while no B record followed it; with a
 *   repeated B always, holding i and the B records after it.
 * - A repeated start i holds one partial match taking every A record from i on (c of them),
 *   and, for each n from min to c, one that stopped after the n-th A record a_n, made by the
 *   first fed record after a_n: with a single B while no B record followed a_n, holding n
 *   records; with a repeated B always, holding n and the B records after a_n.
 * After each fed record, while a key holds too many partial matches or records in them, the
 * earliest start still holding any is discarded: it ends no later match. And the matches that
 * end at a record are reported by start, earliest first, a start's matches together, while
 * they hold at most `limits.reported` records (with skip: the first, if its start's fit).
 * Each record that left a match unreported or a start discarded is a dead letter.
 */

import type { Key, Rec } from '../../core/runtime.js';
import type { Emitted } from '../../core/test-support/context.js';

export interface ModelStep {
  name: string;
  test: (record: Rec) => boolean;
  /** 0: exactly one record; n ≥ 1: n or more. */
  min: number;
}

export interface ModelLimits {
  partialMatches: number;
  records: number;
  reported: number;
}

export interface ModelConfig {
  steps: [ModelStep, ModelStep];
  within: number;
  skip: boolean;
  keyFields: string[] | null;
  limits: ModelLimits;
}

/** A start's partial matches: how many, and the records they hold together. */
export interface Held {
  count: number;
  records: number;
}

/** What one key's records give: reported matches, dead letters, and the starts held at the end. */
interface KeyRun {
  matches: ModelMatch[];
  dead: number[];
  /** After the last record at or below the watermark: start position → what it holds. */
  held: Map<number, Held>;
}

interface Accepted {
  record: Rec;
  ts: number;
  key: Key;
  keyValues: unknown[];
  arrival: number;
}

/** A match as positions in the key's sorted records. */
interface ModelMatch {
  a: number[];
  b: number[];
}

export class PatternModel {
  W = -Infinity;
  private arrival = 0;
  private readonly accepted: Accepted[] = [];
  readonly late: Emitted[] = [];

  constructor(private readonly config: ModelConfig) {}

  onRecord(record: Rec, ts: number, key: Key, keyValues: unknown[]): void {
    if (ts <= this.W) {
      this.late.push({ record, ts, key });
      return;
    }
    this.accepted.push({ record, ts, key, keyValues, arrival: this.arrival++ });
  }

  onWatermark(wm: number): void {
    if (wm > this.W) this.W = wm;
  }

  /** Everything reported once the watermark is W: matches whose last record is at or below W. */
  output(): Emitted[] {
    const out: Emitted[] = [];
    for (const [sorted, run] of this.runs()) {
      for (const m of run.matches) out.push(this.render(sorted, m));
    }
    return out;
  }

  /** The records sent to the dead letters by the caps, with their event times, by key. */
  deadLetters(): { record: Rec; ts: number }[] {
    const dead: { record: Rec; ts: number }[] = [];
    for (const [sorted, run] of this.runs()) {
      for (const j of run.dead) dead.push({ record: sorted[j]!.record, ts: sorted[j]!.ts });
    }
    return dead;
  }

  /**
   * The partial matches each key holds once the watermark is W, by the record that began them
   * (its field `i`), for the keys holding any: what the operator's snapshot must show.
   */
  held(): Map<Key, Map<unknown, Held>> {
    const byKey = new Map<Key, Map<unknown, Held>>();
    for (const [sorted, run, key] of this.runs()) {
      const starts = new Map<unknown, Held>();
      for (const [i, h] of run.held) {
        // Once the watermark passes a start's time + within, its timer drops it.
        if (sorted[i]!.ts + this.config.within > this.W) starts.set(sorted[i]!.record.i, h);
      }
      if (starts.size > 0) byKey.set(key, starts);
    }
    return byKey;
  }

  private *runs(): Generator<[Accepted[], KeyRun, Key]> {
    const keys = new Set(this.accepted.map((a) => a.key));
    for (const key of keys) {
      const sorted = this.accepted
        .filter((a) => a.key === key)
        .sort((x, y) => x.ts - y.ts || x.arrival - y.arrival);
      yield [sorted, this.run(sorted), key];
    }
  }

  /** One key's records in processing order, up to the watermark. */
  private run(sorted: Accepted[]): KeyRun {
    const [A, B] = this.config.steps;
    const { within, skip, limits } = this.config;
    const all = this.all(sorted);
    const matches: ModelMatch[] = [];
    const dead: number[] = [];
    let held = new Map<number, Held>();
    /** Start position → the record after which it was discarded. */
    const gone = new Map<number, number>();
    let resetAt = -1;
    const live = (i: number, j: number) => i > resetAt && !((gone.get(i) ?? Infinity) < j);
    for (let j = 0; j < sorted.length && sorted[j]!.ts <= this.W; j++) {
      const r = sorted[j]!.record;
      if (!A.test(r) && !B.test(r)) continue; // never fed
      let trouble = false;
      const ending = all.filter((m) => m.b[m.b.length - 1] === j && live(m.a[0]!, j));
      if (ending.length > 0) {
        // By start, earliest first; a start's matches together.
        const starts = [...new Set(ending.map((m) => m.a[0]!))].sort((x, y) => x - y);
        const size = (m: ModelMatch) => m.a.length + m.b.length;
        const groupSize = (i: number) =>
          ending.filter((m) => m.a[0] === i).reduce((n, m) => n + size(m), 0);
        if (skip) {
          ending.sort(reportOrder);
          if (groupSize(starts[0]!) <= limits.reported) matches.push(ending[0]!);
          else trouble = true;
          resetAt = j;
        } else {
          let total = 0;
          for (const i of starts) {
            const g = groupSize(i);
            if (total + g > limits.reported) {
              trouble = true;
              break;
            }
            total += g;
            matches.push(...ending.filter((m) => m.a[0] === i));
          }
        }
      }
      held = new Map();
      for (let i = resetAt + 1; i <= j; i++) {
        if (!A.test(sorted[i]!.record) || !live(i, j + 1)) continue;
        if (sorted[j]!.ts - sorted[i]!.ts >= within) continue;
        const h = this.alive(sorted, i, j);
        if (h.count > 0) held.set(i, h);
      }
      let count = 0;
      let records = 0;
      for (const h of held.values()) {
        count += h.count;
        records += h.records;
      }
      for (const [i, h] of held) {
        if (count <= limits.partialMatches && records <= limits.records) break;
        gone.set(i, j);
        held.delete(i);
        count -= h.count;
        records -= h.records;
        trouble = true;
      }
      if (trouble) dead.push(j);
    }
    return { matches, dead, held };
  }

  private all(sorted: Accepted[]): ModelMatch[] {
    const [A, B] = this.config.steps;
    const matches: ModelMatch[] = [];
    const after = (from: number, step: ModelStep): number[] => {
      const found: number[] = [];
      for (let l = from; l < sorted.length; l++) if (step.test(sorted[l]!.record)) found.push(l);
      return found;
    };
    for (let i = 0; i < sorted.length; i++) {
      if (!A.test(sorted[i]!.record)) continue;
      const aAll = after(i, A);
      const aCounts = A.min === 0 ? [1] : range(A.min, aAll.length);
      for (const n of aCounts) {
        const a = aAll.slice(0, n);
        const bAll = after(a[n - 1]! + 1, B);
        const bCounts = B.min === 0 ? (bAll.length > 0 ? [1] : []) : range(B.min, bAll.length);
        for (const k of bCounts) {
          const b = bAll.slice(0, k);
          if (sorted[b[k - 1]!]!.ts - sorted[i]!.ts < this.config.within) matches.push({ a, b });
        }
      }
    }
    return matches;
  }

  /** What start i holds right after the record at j was fed (caps, time and skip aside). */
  private alive(sorted: Accepted[], i: number, j: number): Held {
    const [A, B] = this.config.steps;
    const rec = (p: number) => sorted[p]!.record;
    const bAfter = (from: number) => {
      let n = 0;
      for (let p = from + 1; p <= j; p++) if (B.test(rec(p))) n++;
      return n;
    };
    const fedAfter = (from: number) => {
      for (let p = from + 1; p <= j; p++) if (A.test(rec(p)) || B.test(rec(p))) return true;
      return false;
    };
    if (A.min === 0) {
      if (B.min === 0) return bAfter(i) === 0 ? { count: 1, records: 1 } : { count: 0, records: 0 };
      return { count: 1, records: 1 + bAfter(i) };
    }
    const as: number[] = [];
    for (let p = i; p <= j; p++) if (A.test(rec(p))) as.push(p);
    const h: Held = { count: 1, records: as.length };
    for (let n = A.min; n <= as.length; n++) {
      const an = as[n - 1]!;
      if (!fedAfter(an)) continue;
      const bs = bAfter(an);
      if (B.min === 0 && bs > 0) continue;
      h.count++;
      h.records += B.min === 0 ? n : n + bs;
    }
    return h;
  }

  private render(sorted: Accepted[], m: ModelMatch): Emitted {
    const [A, B] = this.config.steps;
    const first = sorted[m.a[0]!]!;
    const last = sorted[m.b[m.b.length - 1]!]!;
    const record: Rec = {};
    this.config.keyFields?.forEach((f, i) => (record[f] = first.keyValues[i] ?? null));
    record.matchStart = first.ts;
    record.matchEnd = last.ts;
    const pick = (step: ModelStep, positions: number[]) =>
      step.min === 0 ? sorted[positions[0]!]!.record : positions.map((p) => sorted[p]!.record);
    record[A.name] = pick(A, m.a);
    record[B.name] = pick(B, m.b);
    return { record, ts: last.ts, key: first.key };
  }
}

/** from..to inclusive; [] when from > to. */
function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n++) out.push(n);
  return out;
}

/** The report order of matches ending at one record: earliest start, most records, positions. */
function reportOrder(x: ModelMatch, y: ModelMatch): number {
  const px = [...x.a, ...x.b];
  const py = [...y.a, ...y.b];
  if (px[0] !== py[0]) return px[0]! - py[0]!;
  if (px.length !== py.length) return py.length - px.length;
  for (let t = 0; t < px.length; t++) if (px[t] !== py[t]) return px[t]! - py[t]!;
  return 0;
}
