/**
 * The lookup join's runtime. The table loads asynchronously from `create` on; until it is
 * loaded, records wait in a bounded buffer, in arrival order, and are enriched and emitted in
 * that order as soon as it is, before any later record (the flush runs in one go, and later
 * records find the table loaded).
 *
 * Two hooks keep the buffer small: `backpressure()` (which the engine awaits after each source
 * batch) holds the sources while the table loads, so at most about one batch per source waits;
 * and `ready()`, which an engine may await before starting its sources so that nothing waits
 * at all. Watermarks are not held back while records wait: a watermark that passes during the
 * load may make the waiting records late for windows downstream (only `ready()` avoids that).
 *
 * A load that fails (read error, bad CSV header, too many keys) fails the job: the error is
 * thrown from the next call the engine makes (record, watermark or close), which names the node.
 */

import type { Emitter, Key, OperatorContext, OperatorRuntime, Rec } from '../core/runtime.js';
import { setField } from '../core/fields.js';
import type { LookupJoinParams } from './params.js';
import { keyText, loadTable, type Row } from './table.js';

export const MAX_TABLE_ROWS = 1_000_000;
export const MAX_WAITING = 100_000;

export interface LookupLimits {
  maxRows: number;
  maxWaiting: number;
}

export class LookupJoinOperator implements OperatorRuntime {
  private readonly rows = new Map<string, Row>();
  private loading = true;
  private closed = false;
  private failure: Error | null = null;
  private failureThrown = false;
  private readonly loaded: Promise<void>;
  private readonly waiting: { record: Rec; ts: number; key: Key }[] = [];
  private readonly on: string;
  private readonly missing: LookupJoinParams['missing'];
  private readonly emit: Emitter;
  private readonly ctx: OperatorContext;
  private readonly maxWaiting: number;

  constructor(
    params: LookupJoinParams,
    ctx: OperatorContext,
    limits: LookupLimits = { maxRows: MAX_TABLE_ROWS, maxWaiting: MAX_WAITING },
  ) {
    this.on = params.on ?? params.key;
    this.missing = params.missing;
    this.emit = ctx.emit;
    this.ctx = ctx;
    this.maxWaiting = limits.maxWaiting;
    const options = { ...params, maxRows: limits.maxRows };
    // Never rejects: a failure is kept and thrown from the engine's next call.
    this.loaded = loadTable(ctx, options, this.rows, () => this.closed).then(
      () => this.finishLoading(null),
      (error: unknown) => this.finishLoading(error),
    );
  }

  onRecord(record: Rec, ts: number, key: Key): void {
    if (this.loading) this.wait(record, ts, key);
    else if (this.failure === null) this.lookup(record, ts, key);
    else this.throwFailure();
  }

  /** Nothing waits on time here; the engine's watermark call is where a failed load surfaces. */
  onWatermark(_wm: number): void {
    this.throwFailure();
  }

  /** Holds the sources while the table loads (the engine awaits this after each batch). */
  backpressure(): Promise<void> | null {
    return this.loading ? this.loaded : null;
  }

  /** Resolves once the table is loaded (or failed to): an engine may await it before starting. */
  ready(): Promise<void> {
    return this.loaded;
  }

  /** `keys`: rows of the table; `windows`: records waiting for it. */
  stateSize(): { keys: number; windows: number } {
    return { keys: this.rows.size, windows: this.waiting.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await this.loaded;
    this.rows.clear();
    this.throwFailure();
  }

  private wait(record: Rec, ts: number, key: Key): void {
    if (this.waiting.length >= this.maxWaiting) {
      this.ctx.deadLetter(
        record,
        `join.lookup: arrived while the lookup table was loading and ${this.maxWaiting} records were already waiting for it`,
        ts,
      );
      return;
    }
    this.waiting.push({ record, ts, key });
  }

  private finishLoading(error: unknown): void {
    if (error !== null) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.waiting.length = 0;
    }
    this.loading = false;
    if (this.closed || this.failure !== null) return;
    try {
      const waiting = this.waiting;
      for (let i = 0; i < waiting.length; i++) {
        const w = waiting[i]!;
        this.lookup(w.record, w.ts, w.key);
      }
    } catch (flushError) {
      // Thrown downstream, outside any engine call: kept to fail the job at its next call.
      this.failure = flushError instanceof Error ? flushError : new Error(String(flushError));
    }
    this.waiting.length = 0;
  }

  private throwFailure(): void {
    if (this.failure !== null && !this.failureThrown) {
      this.failureThrown = true;
      throw this.failure;
    }
  }

  private lookup(record: Rec, ts: number, key: Key): void {
    const on = this.on;
    const value = Object.hasOwn(record, on) ? record[on] : undefined;
    const id = keyText(value);
    const row = id === null ? undefined : this.rows.get(id);
    if (row === undefined) {
      if (this.missing === 'pass') this.emit(record, ts, key);
      else if (this.missing === 'drop') this.ctx.counters.dropped++;
      else {
        const shown = value === undefined ? 'missing' : JSON.stringify(value).slice(0, 80);
        this.ctx.deadLetter(record, `join.lookup: no table row for ${on} = ${shown}`, ts);
      }
      return;
    }
    const out: Rec = {};
    for (const name in record) {
      if (Object.hasOwn(record, name)) setField(out, name, record[name]);
    }
    const { names, values } = row;
    for (let i = 0; i < names.length; i++) setField(out, names[i]!, values[i]);
    this.emit(out, ts, key);
  }
}
