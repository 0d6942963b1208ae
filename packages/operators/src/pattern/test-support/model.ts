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
 */

import type { Key, Rec } from '../../core/runtime.js';
import type { Emitted } from '../../core/test-support/context.js';

export interface ModelStep {
  name: string;
  test: (record: Rec) => boolean;
  /** 0: exactly one record; n ≥ 1: n or more. */
  min: number;
}

export interface ModelConfig {
  steps: [ModelStep, ModelStep];
  within: number;
  skip: boolean;
  keyFields: string[] | null;
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
    const keys = new Set(this.accepted.map((a) => a.key));
    for (const key of keys) {
      const sorted = this.accepted
        .filter((a) => a.key === key)
        .sort((x, y) => x.ts - y.ts || x.arrival - y.arrival);
      for (const m of this.matchesOf(sorted)) {
        const last = sorted[m.b[m.b.length - 1]!]!;
        if (last.ts <= this.W) out.push(this.render(sorted, m));
      }
    }
    return out;
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

  private matchesOf(sorted: Accepted[]): ModelMatch[] {
    const all = this.all(sorted);
    if (!this.config.skip) return all;
    const chosen: ModelMatch[] = [];
    let resetAt = -1;
    for (let j = 0; j < sorted.length; j++) {
      const ending = all.filter((m) => m.b[m.b.length - 1] === j && m.a[0]! > resetAt);
      if (ending.length === 0) continue;
      ending.sort((x, y) => {
        const px = [...x.a, ...x.b];
        const py = [...y.a, ...y.b];
        if (px[0] !== py[0]) return px[0]! - py[0]!;
        if (px.length !== py.length) return py.length - px.length;
        for (let t = 0; t < px.length; t++) if (px[t] !== py[t]) return px[t]! - py[t]!;
        return 0;
      });
      chosen.push(ending[0]!);
      resetAt = j;
    }
    return chosen;
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
