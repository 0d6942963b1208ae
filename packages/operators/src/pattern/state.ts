/**
 * Keyed pattern state as plain data, and its checkpoint form.
 *
 * Per key: the records waiting for the watermark (by event time, each time's records in
 * arrival order, as Flink's CepOperator buffers them) and the partial matches. A record held
 * by several partial matches is one object in memory and written once in a snapshot, which
 * JSON text round-trips (±Infinity watermarks as strings). Timers are not stored: they follow
 * from the state (see the operator).
 */

import type { Key, Rec } from '../core/runtime.js';
import { eventsOf, takenOf, type Ev, type PartialMatch } from './nfa.js';
import { watermarkFromJSON, watermarkToJSON, type WatermarkJSON } from '../core/snapshot.js';

export interface KeyState {
  /** Records waiting for the watermark, by event time; each list in arrival order. */
  buffer: Map<number, Ev[]>;
  partials: PartialMatch[];
  /** The key's values, parsed from its text at its first match (not part of a snapshot). */
  values?: unknown[];
}

export const newKeyState = (): KeyState => ({ buffer: new Map(), partials: [] });

export const isEmpty = (state: KeyState): boolean =>
  state.buffer.size === 0 && state.partials.length === 0;

type SnapshotEvent = [seq: number, ts: number, mask: number, record: Rec];
type SnapshotPartial = [step: number, count: number, fresh: 0 | 1, cuts: number[], seqs: number[]];

interface SnapshotKey {
  /** Every record the key holds, once. */
  events: SnapshotEvent[];
  /** Arrival numbers of the buffered records. */
  buffer: number[];
  partials: SnapshotPartial[];
}

export interface PatternSnapshot {
  version: 1;
  watermark: WatermarkJSON;
  seq: number;
  keys: [Key, SnapshotKey][];
}

export function encodeSnapshot(
  watermark: number,
  seq: number,
  keys: ReadonlyMap<Key, KeyState>,
): PatternSnapshot {
  const out: [Key, SnapshotKey][] = [];
  for (const [key, state] of keys) {
    const events = new Map<number, SnapshotEvent>();
    const add = (ev: Ev): number => {
      if (!events.has(ev.seq)) events.set(ev.seq, [ev.seq, ev.ts, ev.mask, ev.record]);
      return ev.seq;
    };
    const buffer: number[] = [];
    for (const list of state.buffer.values()) for (const ev of list) buffer.push(add(ev));
    const partials = state.partials.map((p): SnapshotPartial => [
      p.step,
      p.count,
      p.fresh ? 1 : 0,
      [...p.cuts],
      eventsOf(p).map(add),
    ]);
    out.push([key, { events: [...events.values()], buffer, partials }]);
  }
  const wm = watermark;
  return {
    version: 1,
    watermark: watermarkToJSON(wm),
    seq,
    keys: out,
  };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function fail(what: string): never {
  throw new Error(`pattern: ${what} in snapshot`);
}

/** Checks and decodes a snapshot; throws on anything that is not one. */
export function decodeSnapshot(
  data: unknown,
  stepCount: number,
): { watermark: number; seq: number; keys: Map<Key, KeyState> } {
  const snap = data as Partial<PatternSnapshot> | null;
  if (
    snap === null ||
    typeof snap !== 'object' ||
    snap.version !== 1 ||
    !isInt(snap.seq) ||
    !Array.isArray(snap.keys)
  ) {
    throw new Error('pattern: not a pattern snapshot');
  }
  const wm = snap.watermark;
  const watermark = watermarkFromJSON(wm);
  if (typeof watermark !== 'number' || Number.isNaN(watermark)) fail('bad watermark');
  const keys = new Map<Key, KeyState>();
  for (const item of snap.keys as unknown[]) {
    const [key, body] = item as [unknown, SnapshotKey | null];
    if (typeof key !== 'string' || body === null || typeof body !== 'object') fail('bad key');
    const { events, buffer, partials } = body;
    if (!Array.isArray(events) || !Array.isArray(buffer) || !Array.isArray(partials)) {
      fail('bad key');
    }
    const bySeq = new Map<number, Ev>();
    for (const e of events as unknown[]) {
      const [seq, ts, mask, record] = e as [unknown, unknown, unknown, unknown];
      if (
        !isInt(seq) ||
        !isNum(ts) ||
        !isInt(mask) ||
        record === null ||
        typeof record !== 'object'
      ) {
        fail('bad record');
      }
      bySeq.set(seq, { seq, ts, mask, record: record as Rec });
    }
    const lookup = (seq: unknown): Ev => {
      const ev = isInt(seq) ? bySeq.get(seq) : undefined;
      return ev ?? fail('unknown record');
    };
    const state = newKeyState();
    for (const seq of buffer as unknown[]) {
      const ev = lookup(seq);
      const list = state.buffer.get(ev.ts);
      if (list === undefined) state.buffer.set(ev.ts, [ev]);
      else list.push(ev);
    }
    for (const p of partials as unknown[]) {
      const [step, count, fresh, cuts, seqs] = p as [unknown, unknown, unknown, unknown, unknown];
      if (
        !isInt(step) ||
        step < 0 ||
        step >= stepCount ||
        !isInt(count) ||
        (fresh !== 0 && fresh !== 1) ||
        !Array.isArray(cuts) ||
        cuts.length !== step ||
        !cuts.every(isInt) ||
        !Array.isArray(seqs) ||
        seqs.length === 0
      ) {
        fail('bad partial match');
      }
      const taken = seqs.map(lookup);
      state.partials.push({
        step,
        count,
        fresh: fresh === 1,
        cuts: cuts as number[],
        last: takenOf(taken),
        first: taken[0]!,
        length: taken.length,
      });
    }
    keys.set(key, state);
  }
  return { watermark, seq: snap.seq, keys };
}
