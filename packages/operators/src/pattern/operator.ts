/**
 * The pattern operator's runtime, as Flink's CepOperator in event time:
 *
 * - a record is late when its time is at or below the watermark (`ts <= W`, Flink CEP's rule,
 *   the same as spec §5's "its window already fired"): counted and sent to `late`;
 * - otherwise each step's condition is evaluated once, and the record is buffered per key until
 *   the watermark passes its time (a timer per key and event time), then fed to the key's NFA
 *   in event-time order, records of one time in arrival order. A record meeting no condition
 *   cannot change any match (it would only be ignored) and is not buffered;
 * - before a record at time t is fed, partial matches with `t - first time >= within` are
 *   dropped (Flink's isStateTimedOut), so a match spans less than `within`; a timer at
 *   `first time + within` drops them too once the watermark passes it, so state stays bounded;
 * - matches are emitted as the record completing them is fed, with ts = that record's time.
 *   With skipPastLastEvent the first of them (see compareMatches) is emitted and every partial
 *   match of the key is dropped: all of them started at or before its last record (Flink's
 *   SKIP_PAST_LAST_EVENT pruning). Flink also holds a complete match while a partial match
 *   that started no later is pending, which delays it by up to `within`; we emit at once;
 * - caps, which Flink has not: after a record is fed, a key holds at most MAX_PARTIAL_MATCHES
 *   partial matches and MAX_PARTIAL_MATCH_RECORDS records across them. Past either, the partial
 *   matches begun by the earliest record are discarded (all of them: branches of one start go
 *   together), then the next earliest, until the key fits; the record is sent to the dead
 *   letters with the reason, at its event time. Matches it completed were emitted before, within
 *   a third cap: they are reported by start, earliest first, while they hold at most
 *   MAX_REPORTED_RECORDS records together (only those are written out).
 *   So the work per record is bounded: a take is O(1) (nfa.ts), a record visits at most the
 *   cap's partial matches, and writes out at most MAX_REPORTED_RECORDS records.
 */

import {
  type Emitter,
  type Key,
  type OperatorContext,
  type OperatorCounters,
  type OperatorRuntime,
  type Rec,
} from '../core/runtime.js';
import { setField } from '../core/fields.js';
import { describeKey, keyValues, setKeyFields } from '../core/keys.js';
import { TimerService, type TimerCallback } from '../core/timers.js';
import { grouped } from '../core/limits.js';
import { compileExpression, isTruthy, type CompiledExpr } from '../expr/index.js';
import { compareMatches, eventsOf, Nfa, type Ev, type Match, type PartialMatch } from './nfa.js';
import {
  MAX_PARTIAL_MATCH_RECORDS,
  MAX_PARTIAL_MATCHES,
  MAX_REPORTED_RECORDS,
  type PatternParams,
} from './params.js';
import { decodeSnapshot, encodeSnapshot, isEmpty, newKeyState, type KeyState } from './state.js';

/** The two kinds of timer: the timer service's namespace. */
const FEED = 0;
const PRUNE = 1;

/**
 * The caps: per key, the most partial matches and the most records they hold together; per
 * record, the most records the matches it completes may hold to be reported.
 */
export interface PatternLimits {
  partialMatches: number;
  records: number;
  reported: number;
}

export const PATTERN_LIMITS: PatternLimits = {
  partialMatches: MAX_PARTIAL_MATCHES,
  records: MAX_PARTIAL_MATCH_RECORDS,
  reported: MAX_REPORTED_RECORDS,
};

const NONE_DISCARDED = { cut: 0, why: '' } as const;

export class PatternOperator implements OperatorRuntime {
  private readonly keys = new Map<Key, KeyState>();
  /** The last watermark seen. */
  private watermark = -Infinity;
  /** Arrival number of the next buffered record. */
  private seq = 0;
  private readonly timers = new TimerService();
  private readonly nfa: Nfa;
  private readonly conditions: CompiledExpr[];
  private readonly names: string[];
  private readonly repeated: boolean[];
  private readonly within: number;
  private readonly skip: boolean;
  private readonly keyFields: readonly string[] | null;
  private readonly emitOut: Emitter;
  private readonly emitLate: Emitter;
  private readonly counters: OperatorCounters;
  private readonly ctx: OperatorContext;
  private readonly onTimer: TimerCallback;
  /** Matches completed by the record being fed, reused from record to record. */
  private readonly matches: Match[] = [];

  constructor(
    params: PatternParams,
    ctx: OperatorContext,
    private readonly limits: PatternLimits = PATTERN_LIMITS,
  ) {
    const options = { now: () => ctx.now() };
    this.conditions = params.steps.map((step) => compileExpression(step.where, options));
    this.names = params.steps.map((step) => step.name);
    this.repeated = params.steps.map((step) => step.times !== undefined);
    this.nfa = new Nfa(params.steps.map((step) => ({ min: step.times?.min ?? 0 })));
    this.within = params.within;
    this.skip = params.afterMatch === 'skipPastLastEvent';
    this.keyFields = ctx.keyFields;
    this.emitOut = ctx.emit;
    this.emitLate = ctx.port('late');
    this.counters = ctx.counters;
    this.ctx = ctx;
    this.onTimer = (time, key, kind) => this.timerFired(time, key, kind);
  }

  onRecord(record: Rec, ts: number, key: Key): void {
    if (typeof ts !== 'number' || !Number.isFinite(ts)) {
      this.ctx.deadLetter(record, `pattern: event time ${String(ts)} is not a number of ms`);
      return;
    }
    if (ts <= this.watermark) {
      this.counters.lateRecords++;
      this.emitLate(record, ts, key);
      return;
    }
    const conditions = this.conditions;
    let mask = 0;
    try {
      for (let i = 0; i < conditions.length; i++) {
        if (isTruthy(conditions[i]!(record))) mask |= 1 << i;
      }
    } catch (error) {
      this.ctx.deadLetter(record, `pattern condition failed: ${(error as Error).message}`, ts);
      return;
    }
    if (mask === 0) return;
    const ev: Ev = { seq: this.seq++, ts, mask, record };
    let state = this.keys.get(key);
    if (state === undefined) {
      state = newKeyState();
      this.keys.set(key, state);
    }
    const list = state.buffer.get(ts);
    if (list === undefined) {
      state.buffer.set(ts, [ev]);
      this.timers.register(ts, key, FEED);
    } else {
      list.push(ev);
    }
  }

  onWatermark(wm: number): void {
    if (!(wm > this.watermark)) return;
    this.watermark = wm;
    if (this.timers.peekTime() <= wm) this.timers.advance(wm, this.onTimer);
  }

  snapshot(): unknown {
    return encodeSnapshot(this.watermark, this.seq, this.keys);
  }

  /** Restores the keys; their timers follow from the buffered records and partial matches. */
  restore(data: unknown): void {
    const { watermark, seq, keys } = decodeSnapshot(data, this.names.length);
    this.close();
    this.watermark = watermark;
    this.seq = seq;
    for (const [key, state] of keys) {
      this.keys.set(key, state);
      for (const ts of state.buffer.keys()) this.timers.register(ts, key, FEED);
      for (const p of state.partials) this.timers.register(p.first.ts + this.within, key, PRUNE);
    }
  }

  /** `windows` counts partial matches plus records waiting for the watermark. */
  stateSize(): { keys: number; windows: number } {
    let windows = 0;
    for (const state of this.keys.values()) {
      windows += state.partials.length;
      for (const list of state.buffer.values()) windows += list.length;
    }
    return { keys: this.keys.size, windows };
  }

  close(): void {
    this.keys.clear();
    this.timers.clear();
  }

  private timerFired(time: number, key: Key, kind: number): void {
    const state = this.keys.get(key);
    if (state === undefined) return;
    if (kind === FEED) {
      const list = state.buffer.get(time);
      if (list !== undefined) {
        state.buffer.delete(time);
        for (let i = 0; i < list.length; i++) this.feed(key, state, list[i]!);
      }
    } else {
      this.prune(state, time);
    }
    if (isEmpty(state)) this.keys.delete(key);
  }

  /** Drops the partial matches that no record at time `t` or later can complete. */
  private prune(state: KeyState, t: number): void {
    const within = this.within;
    const partials = state.partials;
    let stale = false;
    for (let i = 0; i < partials.length; i++) {
      if (t - partials[i]!.first.ts >= within) {
        stale = true;
        break;
      }
    }
    if (stale) state.partials = partials.filter((p) => t - p.first.ts < within);
  }

  private feed(key: Key, state: KeyState, ev: Ev): void {
    this.prune(state, ev.ts);
    const matches = this.matches;
    matches.length = 0;
    let next = this.nfa.advance(state.partials, ev, matches);
    let unreported = '';
    if (matches.length > 0) {
      unreported = this.report(key, state, matches);
      if (this.skip) next = [];
      matches.length = 0;
    }
    const discarded = this.withinCaps(next);
    if (discarded.cut > 0) next = next.slice(discarded.cut);
    state.partials = next;
    if (unreported !== '' || discarded.why !== '') {
      const who = describeKey(key);
      const why = [unreported, discarded.why].filter((w) => w !== '').join('; ');
      this.ctx.deadLetter(ev.record, `pattern: ${who}: ${why}`, ev.ts);
    }
    // A partial match this record started is dropped at `ts + within` at the latest.
    if ((ev.mask & 1) !== 0 && next.length > 0) {
      this.timers.register(ev.ts + this.within, key, PRUNE);
    }
  }

  /**
   * Emits the matches one record completed, in report order (compareMatches), within the cap:
   * taken by start, earliest first, the matches of one start together (`matches` is in that
   * order), while the records they hold add up to at most `limits.reported`; with
   * skipPastLastEvent, only the first. Only those are written out. Returns why some were not.
   */
  private report(key: Key, state: KeyState, matches: Match[]): string {
    const budget = this.limits.reported;
    let end = 0;
    let total = 0;
    while (end < matches.length) {
      const start = matches[end]!.first;
      let groupEnd = end;
      let group = 0;
      while (groupEnd < matches.length && matches[groupEnd]!.first === start) {
        group += matches[groupEnd++]!.length;
      }
      if (total + group > budget) break;
      total += group;
      end = groupEnd;
      if (this.skip) break; // only the earliest start's best match is reported
    }
    if (end > 0) {
      const reported = end === matches.length ? matches : matches.slice(0, end);
      if (reported.length > 1) reported.sort(compareMatches);
      if (this.skip) this.emit(key, state, reported[0]!);
      else for (let i = 0; i < reported.length; i++) this.emit(key, state, reported[i]!);
    }
    if (end === matches.length || (this.skip && end > 0)) return '';
    const left = this.skip ? 1 : matches.length - end;
    let held = 0;
    for (let i = end; i < matches.length; i++) held += matches[i]!.length;
    return `${grouped(left)} match${left === 1 ? '' : 'es'} holding ${grouped(held)} records went unreported: the matches one record completes hold at most ${grouped(budget)} records together (MAX_REPORTED_RECORDS)`;
  }

  /**
   * How many partial matches of a key to discard after a record, from the front, to keep it
   * within the caps: while there are too many, or they hold too many records, those begun by
   * the earliest record go (`next` is ordered by start, and the partial matches of one start
   * are side by side), then the next earliest. `why` is '' when none go.
   */
  private withinCaps(next: readonly PartialMatch[]): { cut: number; why: string } {
    const { partialMatches, records } = this.limits;
    let count = next.length;
    let held = 0;
    for (let i = 0; i < count; i++) held += next[i]!.length;
    if (count <= partialMatches && held <= records) return NONE_DISCARDED;
    const why =
      count > partialMatches
        ? `${grouped(count)} partial matches, more than ${grouped(partialMatches)} (MAX_PARTIAL_MATCHES)`
        : `${grouped(held)} records in partial matches, more than ${grouped(records)} (MAX_PARTIAL_MATCH_RECORDS)`;
    let cut = 0;
    while (cut < next.length && (count > partialMatches || held > records)) {
      const start = next[cut]!.first;
      while (cut < next.length && next[cut]!.first === start) {
        count--;
        held -= next[cut]!.length;
        cut++;
      }
    }
    return { cut, why: `${why}: the ${grouped(cut)} begun earliest were discarded` };
  }

  /** One record per match: key fields, matchStart, matchEnd, then each step's record(s). */
  private emit(key: Key, state: KeyState, match: Match): void {
    const events = (match.events ??= eventsOf(match));
    const cuts = match.cuts;
    const out: Rec = {};
    const fields = this.keyFields;
    if (fields !== null) {
      setKeyFields(out, fields, (state.values ??= keyValues(key)));
    }
    const end = events[events.length - 1]!.ts;
    out.matchStart = events[0]!.ts;
    out.matchEnd = end;
    const names = this.names;
    for (let s = 0; s < names.length; s++) {
      const from = s === 0 ? 0 : cuts[s - 1]!;
      if (this.repeated[s]) {
        const to = cuts[s]!;
        const records: Rec[] = [];
        for (let i = from; i < to; i++) records.push(events[i]!.record);
        setField(out, names[s]!, records);
      } else {
        setField(out, names[s]!, events[from]!.record);
      }
    }
    this.emitOut(out, end, key);
  }
}
