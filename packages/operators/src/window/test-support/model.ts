/**
 * A brute-force model of spec §5 for the property tests, written apart from assign.ts and
 * aggregate.ts: it keeps the accepted records themselves and recomputes every window and
 * every result from them at each step.
 *
 * The session cap (see the operator): when a record's session holds it alone (it opened a new
 * one) and its key then has more than `sessionsPerKey` sessions, the earliest of them by start
 * are reported now unless they already fired (`end - 1 <= W`), their records forgotten, and
 * the record is a dead letter.
 */

import type { Key, Rec } from '../../core/runtime.js';
import type { Emitted } from '../../core/test-support/context.js';

export interface ModelAggregation {
  fn: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'countDistinct' | 'first' | 'last';
  field?: string;
  as: string;
}

export interface ModelConfig {
  kind: 'tumbling' | 'sliding' | 'session';
  size: number;
  slide: number;
  gap: number;
  lateness: number;
  aggregations: ModelAggregation[];
  keyFields: string[] | null;
  sessionsPerKey?: number;
}

interface Accepted {
  record: Rec;
  ts: number;
  key: Key;
  seq: number;
  /** Fixed windows: starts of the live windows the record joined. */
  starts: Set<number>;
}

interface ModelWindow {
  key: Key;
  start: number;
  end: number;
  members: Accepted[];
}

function valueOf(record: Rec, field: string): unknown {
  const v = Object.prototype.hasOwnProperty.call(record, field) ? record[field] : undefined;
  return v === undefined ? null : v;
}

function aggregate(agg: ModelAggregation, members: Accepted[]): unknown {
  const inOrder = [...members].sort((a, b) => a.seq - b.seq);
  const values = agg.field === undefined ? [] : inOrder.map((m) => valueOf(m.record, agg.field!));
  const present = values.filter((v) => v !== null);
  const numbers = values.filter((v): v is number => typeof v === 'number' && isFinite(v));
  let total = 0;
  for (const n of numbers) total += n;
  switch (agg.fn) {
    case 'count':
      return agg.field === undefined ? members.length : present.length;
    case 'sum':
      return numbers.length === 0 ? null : total;
    case 'avg':
      return numbers.length === 0 ? null : total / numbers.length;
    case 'min':
      return numbers.length === 0 ? null : Math.min(...numbers);
    case 'max':
      return numbers.length === 0 ? null : Math.max(...numbers);
    case 'countDistinct':
      return new Set(present.map((v) => JSON.stringify(v))).size;
    case 'first':
      return present.length === 0 ? null : present[0];
    case 'last':
      return present.length === 0 ? null : present[present.length - 1];
  }
}

export class WindowModel {
  W = -Infinity;
  private seq = 0;
  private live: Accepted[] = [];
  private readonly fired = new Set<string>();
  private readonly keyValues = new Map<Key, unknown[]>();
  readonly out: Emitted[] = [];
  readonly late: Emitted[] = [];
  /** Dead letters from the cap, in the order sent. */
  readonly dead: { record: Rec; ts: number }[] = [];

  constructor(private readonly config: ModelConfig) {}

  /** Every fixed window start holding t: multiples of slide in (t - size, t]. */
  private fixedStarts(t: number): number[] {
    const { size } = this.config;
    const slide = this.config.kind === 'tumbling' ? size : this.config.slide;
    const starts: number[] = [];
    for (let k = Math.ceil((t - size + 1) / slide); k * slide <= t; k++) {
      const s = k * slide;
      if (s <= t && t < s + size) starts.push(s);
    }
    return starts;
  }

  /** The live windows, recomputed from the accepted records. */
  windows(): ModelWindow[] {
    const { kind, size, gap } = this.config;
    if (kind !== 'session') {
      const byId = new Map<string, ModelWindow>();
      for (const a of this.live) {
        for (const s of a.starts) {
          const id = a.key + '@' + s;
          let w = byId.get(id);
          if (w === undefined) {
            w = { key: a.key, start: s, end: s + size, members: [] };
            byId.set(id, w);
          }
          w.members.push(a);
        }
      }
      return [...byId.values()];
    }
    // Sessions: connected components of [t, t + gap) intervals that overlap or touch.
    const result: ModelWindow[] = [];
    const unvisited = new Set(this.live);
    for (const seed of this.live) {
      if (!unvisited.has(seed)) continue;
      unvisited.delete(seed);
      const members = [seed];
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        for (const other of [...unvisited]) {
          if (other.key === m.key && other.ts <= m.ts + gap && m.ts <= other.ts + gap) {
            unvisited.delete(other);
            members.push(other);
          }
        }
      }
      const start = Math.min(...members.map((m) => m.ts));
      const end = Math.max(...members.map((m) => m.ts)) + gap;
      result.push({ key: seed.key, start, end, members });
    }
    return result;
  }

  onRecord(record: Rec, ts: number, key: Key, keyValues: unknown[]): void {
    const { kind, lateness } = this.config;
    const accepted: Accepted = { record, ts, key, seq: this.seq++, starts: new Set() };
    let joined: boolean;
    if (kind === 'session') {
      this.live.push(accepted);
      const mine = this.windows().find((w) => w.members.includes(accepted))!;
      joined = !(mine.end - 1 + lateness <= this.W);
      if (!joined) this.live.pop();
    } else {
      for (const s of this.fixedStarts(ts)) {
        if (!(s + this.config.size - 1 + lateness <= this.W)) accepted.starts.add(s);
      }
      joined = accepted.starts.size > 0;
      if (joined) this.live.push(accepted);
    }
    if (!joined) this.late.push({ record, ts, key });
    this.keyValues.set(key, keyValues);
    this.fireDue();
    if (kind === 'session' && joined) this.capSessions(accepted);
  }

  private capSessions(accepted: Accepted): void {
    const cap = this.config.sessionsPerKey ?? Infinity;
    const mine = this.windows().filter((w) => w.key === accepted.key);
    const opened = mine.find((w) => w.members.includes(accepted))!.members.length === 1;
    if (!opened || mine.length <= cap) return;
    mine.sort((a, b) => a.start - b.start);
    const gone = new Set<Accepted>();
    for (const w of mine.slice(0, mine.length - cap)) {
      if (!(w.end - 1 <= this.W)) this.report(w);
      for (const m of w.members) gone.add(m);
    }
    this.live = this.live.filter((a) => !gone.has(a));
    this.dead.push({ record: accepted.record, ts: accepted.ts });
  }

  onWatermark(wm: number): void {
    this.W = wm;
    this.fireDue();
    this.purge();
  }

  private fireDue(): void {
    for (const w of this.windows()) {
      if (!(w.end - 1 <= this.W)) continue;
      const signature =
        w.key +
        '|' +
        w.start +
        '|' +
        w.end +
        '|' +
        w.members
          .map((m) => m.seq)
          .sort((a, b) => a - b)
          .join(',');
      if (this.fired.has(signature)) continue;
      this.fired.add(signature);
      this.report(w);
    }
  }

  private report(w: ModelWindow): void {
    const record: Rec = {};
    const fields = this.config.keyFields;
    if (fields !== null) {
      const values = this.keyValues.get(w.key)!;
      fields.forEach((f, i) => (record[f] = values[i] ?? null));
    }
    record.windowStart = w.start;
    record.windowEnd = w.end;
    for (const agg of this.config.aggregations) record[agg.as] = aggregate(agg, w.members);
    this.out.push({ record, ts: w.end - 1, key: w.key });
  }

  private purge(): void {
    const { kind, lateness } = this.config;
    if (kind === 'session') {
      const dead = new Set<Accepted>();
      for (const w of this.windows()) {
        if (w.end - 1 + lateness <= this.W) for (const m of w.members) dead.add(m);
      }
      this.live = this.live.filter((a) => !dead.has(a));
    } else {
      for (const a of this.live) {
        for (const s of [...a.starts]) {
          if (s + this.config.size - 1 + lateness <= this.W) a.starts.delete(s);
        }
      }
      this.live = this.live.filter((a) => a.starts.size > 0);
    }
  }

  /** Number of live windows. */
  windowCount(): number {
    return this.windows().length;
  }
}
