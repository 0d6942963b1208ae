/**
 * Aggregations of spec §5 as accumulators of plain data: `init`, `add` one record, `merge`
 * two (session windows merge), `result`; and a JSON form for checkpoints. One `Aggregator`
 * per configured aggregation is built in `create`; the hot path only calls its methods.
 */

import type { Rec } from '../core/runtime.js';
import type { Aggregation } from './params.js';

export interface CountAcc {
  n: number;
}
export interface SumAcc {
  sum: number;
  /** How many numbers were added: the result is null when none. */
  n: number;
}
export interface ExtremeAcc {
  v: number | null;
}
export interface DistinctAcc {
  /** JSON text of each distinct non-null value. */
  seen: Set<string>;
}
export interface ArrivalAcc {
  v: unknown;
  /** Arrival sequence number of `v`, -1 when no non-null value has arrived. */
  seq: number;
}
export type Acc = CountAcc | SumAcc | ExtremeAcc | DistinctAcc | ArrivalAcc;

export interface Aggregator {
  readonly fn: Aggregation['fn'];
  readonly as: string;
  init(): Acc;
  /** Adds one record; `seq` is its arrival number in the operator (increasing). */
  add(acc: Acc, record: Rec, seq: number): void;
  /**
   * `add` in two halves, so that a record joining several windows (sliding) is read once:
   * `read` takes what the aggregation needs from the record, `addRead` adds it to one window.
   */
  read(record: Rec): unknown;
  addRead(acc: Acc, read: unknown, seq: number): void;
  /** Folds `from` into `into` (both of the same aggregator). */
  merge(into: Acc, from: Acc): void;
  result(acc: Acc): unknown;
  toJSON(acc: Acc): unknown;
  fromJSON(data: unknown): Acc;
}

/** A field's value, null when missing; own properties only, so `constructor` is just a name. */
export function fieldValue(record: Rec, field: string): unknown {
  return Object.hasOwn(record, field) ? (record[field] ?? null) : null;
}

/** Numbers only: null, missing, strings, booleans and non-finite values are skipped. */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function fail(fn: string, data: unknown): never {
  throw new Error(`window: bad ${fn} accumulator in snapshot: ${JSON.stringify(data)}`);
}

function asRecord(data: unknown): Record<string, unknown> | null {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : null;
}

class Count implements Aggregator {
  readonly fn = 'count';
  constructor(
    readonly as: string,
    private readonly field: string | null,
  ) {}
  init(): CountAcc {
    return { n: 0 };
  }
  add(acc: Acc, record: Rec): void {
    this.addRead(acc, this.read(record));
  }
  read(record: Rec): boolean {
    return this.field === null || fieldValue(record, this.field) !== null;
  }
  addRead(acc: Acc, counts: unknown): void {
    if (counts === true) (acc as CountAcc).n++;
  }
  merge(into: Acc, from: Acc): void {
    (into as CountAcc).n += (from as CountAcc).n;
  }
  result(acc: Acc): number {
    return (acc as CountAcc).n;
  }
  toJSON(acc: Acc): unknown {
    return { n: (acc as CountAcc).n };
  }
  fromJSON(data: unknown): CountAcc {
    const d = asRecord(data);
    if (d === null || typeof d.n !== 'number') fail(this.fn, data);
    return { n: d.n };
  }
}

class Sum implements Aggregator {
  constructor(
    readonly fn: 'sum' | 'avg',
    readonly as: string,
    private readonly field: string,
  ) {}
  init(): SumAcc {
    return { sum: 0, n: 0 };
  }
  add(acc: Acc, record: Rec): void {
    this.addRead(acc, this.read(record));
  }
  read(record: Rec): unknown {
    return fieldValue(record, this.field);
  }
  addRead(acc: Acc, value: unknown): void {
    if (!isNumber(value)) return;
    const a = acc as SumAcc;
    a.sum += value;
    a.n++;
  }
  merge(into: Acc, from: Acc): void {
    const a = into as SumAcc;
    const b = from as SumAcc;
    a.sum += b.sum;
    a.n += b.n;
  }
  result(acc: Acc): number | null {
    const a = acc as SumAcc;
    if (a.n === 0) return null;
    return this.fn === 'sum' ? a.sum : a.sum / a.n;
  }
  toJSON(acc: Acc): unknown {
    const a = acc as SumAcc;
    return { sum: a.sum, n: a.n };
  }
  fromJSON(data: unknown): SumAcc {
    const d = asRecord(data);
    if (d === null || typeof d.sum !== 'number' || typeof d.n !== 'number') fail(this.fn, data);
    return { sum: d.sum, n: d.n };
  }
}

class Extreme implements Aggregator {
  constructor(
    readonly fn: 'min' | 'max',
    readonly as: string,
    private readonly field: string,
  ) {}
  init(): ExtremeAcc {
    return { v: null };
  }
  add(acc: Acc, record: Rec): void {
    this.addRead(acc, this.read(record));
  }
  read(record: Rec): unknown {
    return fieldValue(record, this.field);
  }
  addRead(acc: Acc, value: unknown): void {
    if (isNumber(value)) this.fold(acc as ExtremeAcc, value);
  }
  merge(into: Acc, from: Acc): void {
    const v = (from as ExtremeAcc).v;
    if (v !== null) this.fold(into as ExtremeAcc, v);
  }
  private fold(acc: ExtremeAcc, value: number): void {
    if (acc.v === null || (this.fn === 'min' ? value < acc.v : value > acc.v)) acc.v = value;
  }
  result(acc: Acc): number | null {
    return (acc as ExtremeAcc).v;
  }
  toJSON(acc: Acc): unknown {
    return { v: (acc as ExtremeAcc).v };
  }
  fromJSON(data: unknown): ExtremeAcc {
    const d = asRecord(data);
    if (d === null || !(d.v === null || typeof d.v === 'number')) fail(this.fn, data);
    return { v: d.v };
  }
}

class CountDistinct implements Aggregator {
  readonly fn = 'countDistinct';
  constructor(
    readonly as: string,
    private readonly field: string,
  ) {}
  init(): DistinctAcc {
    return { seen: new Set() };
  }
  add(acc: Acc, record: Rec): void {
    this.addRead(acc, this.read(record));
  }
  /** The value's JSON text, made once for all the record's windows; null when missing. */
  read(record: Rec): string | null {
    const value = fieldValue(record, this.field);
    return value === null ? null : JSON.stringify(value);
  }
  addRead(acc: Acc, text: unknown): void {
    if (text !== null) (acc as DistinctAcc).seen.add(text as string);
  }
  merge(into: Acc, from: Acc): void {
    const seen = (into as DistinctAcc).seen;
    for (const text of (from as DistinctAcc).seen) seen.add(text);
  }
  result(acc: Acc): number {
    return (acc as DistinctAcc).seen.size;
  }
  toJSON(acc: Acc): unknown {
    return { seen: [...(acc as DistinctAcc).seen] };
  }
  fromJSON(data: unknown): DistinctAcc {
    const d = asRecord(data);
    if (d === null || !Array.isArray(d.seen) || !d.seen.every((s) => typeof s === 'string')) {
      fail(this.fn, data);
    }
    return { seen: new Set(d.seen as string[]) };
  }
}

/** first/last non-null value by arrival: the lowest or highest sequence number wins. */
class Arrival implements Aggregator {
  constructor(
    readonly fn: 'first' | 'last',
    readonly as: string,
    private readonly field: string,
  ) {}
  init(): ArrivalAcc {
    return { v: null, seq: -1 };
  }
  add(acc: Acc, record: Rec, seq: number): void {
    this.addRead(acc, this.read(record), seq);
  }
  read(record: Rec): unknown {
    return fieldValue(record, this.field);
  }
  addRead(acc: Acc, value: unknown, seq: number): void {
    if (value !== null) this.fold(acc as ArrivalAcc, value, seq);
  }
  merge(into: Acc, from: Acc): void {
    const b = from as ArrivalAcc;
    if (b.seq >= 0) this.fold(into as ArrivalAcc, b.v, b.seq);
  }
  private fold(acc: ArrivalAcc, value: unknown, seq: number): void {
    if (acc.seq < 0 || (this.fn === 'first' ? seq < acc.seq : seq > acc.seq)) {
      acc.v = value;
      acc.seq = seq;
    }
  }
  result(acc: Acc): unknown {
    const a = acc as ArrivalAcc;
    return a.seq < 0 ? null : a.v;
  }
  toJSON(acc: Acc): unknown {
    const a = acc as ArrivalAcc;
    return { v: a.v, seq: a.seq };
  }
  fromJSON(data: unknown): ArrivalAcc {
    const d = asRecord(data);
    if (d === null || typeof d.seq !== 'number' || !('v' in d)) fail(this.fn, data);
    return { v: d.v, seq: d.seq };
  }
}

/** Builds the aggregator of one configured aggregation (params already validated). */
export function createAggregator(agg: Aggregation): Aggregator {
  if (agg.fn === 'count') return new Count(agg.as, agg.field ?? null);
  const field = agg.field;
  if (field === undefined) throw new Error(`window: ${agg.fn} needs a field`);
  switch (agg.fn) {
    case 'sum':
    case 'avg':
      return new Sum(agg.fn, agg.as, field);
    case 'min':
    case 'max':
      return new Extreme(agg.fn, agg.as, field);
    case 'countDistinct':
      return new CountDistinct(agg.as, field);
    case 'first':
    case 'last':
      return new Arrival(agg.fn, agg.as, field);
  }
}
