/**
 * The pattern's NFA, as Flink CEP compiles `begin(a).followedBy(b)…` with relaxed contiguity
 * ("skip till next match") and `timesOrMore(n)` with its default relaxed inner contiguity:
 *
 * - a partial match waits in a step; a record satisfying the step's condition is taken, any
 *   other record is ignored (never a choice: a satisfying record is always taken);
 * - a repeated step that has its minimum count is "fresh" right after a take: on the next
 *   record it also branches off once, stopping the repetition and offering that record to the
 *   next step (Flink's PROCEED edge; later records no longer branch, as Flink's ignore state);
 * - a take into a last repeated step with its minimum count completes a match at once (Flink's
 *   findFinalStateAfterProceed), so a trailing `times` step reports as soon as it is satisfied;
 * - every record satisfying the first step starts a new partial match.
 *
 * A partial match holds its records as a list from the last back to the first, which its
 * branches share: a take is one allocation, not a copy of all the records so far (with
 * `times.min` 1000 a copy per take was a million element copies per partial match). The
 * records of a complete match are written out once, as an array.
 *
 * Plain data and pure functions; the operator (operator.ts) owns time, keys, caps and output.
 */

import type { Rec } from '../core/runtime.js';

/** A record the NFA has seen: arrival number, event time, which steps' conditions it meets. */
export interface Ev {
  seq: number;
  ts: number;
  /** Bit i set when the record satisfies step i's `where`. */
  mask: number;
  record: Rec;
}

/** A record taken, and the one taken before it (null for the first). */
export interface Taken {
  readonly ev: Ev;
  readonly prev: Taken | null;
}

export interface PartialMatch {
  /** The step it waits in. */
  step: number;
  /** Records taken in that step so far. */
  count: number;
  /** A repeated step with its minimum, right after a take: may still branch to the next step. */
  fresh: boolean;
  /** The last record taken; through `prev`, all of them, last first. */
  last: Taken;
  /** The first record taken: the partial match's start, which times it out. */
  first: Ev;
  /** How many records it holds. */
  length: number;
  /** Where each completed step's records end, counted from the first (one per completed step). */
  cuts: number[];
}

/** The records of a partial match, first to last. */
export function eventsOf(p: { last: Taken; length: number }): Ev[] {
  const events = new Array<Ev>(p.length);
  let node: Taken | null = p.last;
  for (let i = p.length - 1; i >= 0 && node !== null; i--) {
    events[i] = node.ev;
    node = node.prev;
  }
  return events;
}

/** A partial match from its records, first to last (a snapshot's form); at least one. */
export function takenOf(events: readonly Ev[]): Taken {
  let last: Taken | null = null;
  for (const ev of events) last = { ev, prev: last };
  if (last === null) throw new Error('pattern: a partial match holds at least one record');
  return last;
}

/** What the NFA needs to know of a step. */
export interface StepShape {
  /** Minimum count of a repeated step; 0 for a step that takes exactly one record. */
  min: number;
}

/**
 * A complete match: its records as a partial match holds them, and where each step's records
 * end. `events` is written out (eventsOf) only for a match that is reported: a record may
 * complete many long matches, and most may be left unreported (see the operator's caps).
 */
export interface Match {
  first: Ev;
  last: Taken;
  length: number;
  cuts: number[];
  events: Ev[] | null;
}

const hit = (ev: Ev, step: number): boolean => (ev.mask & (1 << step)) !== 0;

/** The cuts of a partial match in its first step: none. Never written to (cuts are copied). */
const NO_CUTS: number[] = [];

export class Nfa {
  private readonly last: number;

  constructor(private readonly steps: readonly StepShape[]) {
    this.last = steps.length - 1;
  }

  /**
   * Feeds one record to the partial matches (already pruned by time) and starts a new one if
   * it satisfies the first step. Returns the partial matches after it; complete matches are
   * pushed to `matches`.
   */
  advance(partials: readonly PartialMatch[], ev: Ev, matches: Match[]): PartialMatch[] {
    const next: PartialMatch[] = [];
    for (let i = 0; i < partials.length; i++) this.feed(partials[i]!, ev, next, matches);
    if (hit(ev, 0)) this.take(null, ev, next, matches);
    return next;
  }

  private feed(p: PartialMatch, ev: Ev, next: PartialMatch[], matches: Match[]): void {
    const step = p.step;
    const taken = hit(ev, step);
    const min = this.steps[step]!.min;
    if (min > 0 && p.count >= min) {
      if (p.fresh) {
        // The branch that stops repeating: the next step sees this very record.
        if (step < this.last) {
          const stopped: PartialMatch = {
            step: step + 1,
            count: 0,
            fresh: false,
            last: p.last,
            first: p.first,
            length: p.length,
            cuts: [...p.cuts, p.length],
          };
          this.feed(stopped, ev, next, matches);
        }
        if (!taken) {
          next.push({
            step,
            count: p.count,
            fresh: false,
            last: p.last,
            first: p.first,
            length: p.length,
            cuts: p.cuts,
          });
          return;
        }
      }
    }
    if (taken) this.take(p, ev, next, matches);
    else next.push(p);
  }

  /** `p` takes `ev` in its step; null: `ev` starts a new partial match. */
  private take(p: PartialMatch | null, ev: Ev, next: PartialMatch[], matches: Match[]): void {
    const step = p === null ? 0 : p.step;
    const min = this.steps[step]!.min;
    const last: Taken = { ev, prev: p === null ? null : p.last };
    const first = p === null ? ev : p.first;
    const length = p === null ? 1 : p.length + 1;
    const cuts = p === null ? NO_CUTS : p.cuts;
    if (min === 0) {
      if (step === this.last) {
        matches.push({ first, last, length, cuts: [...cuts, length], events: null });
      } else {
        next.push({
          step: step + 1,
          count: 0,
          fresh: false,
          last,
          first,
          length,
          cuts: [...cuts, length],
        });
      }
      return;
    }
    const count = (p === null ? 0 : p.count) + 1;
    next.push({ step, count, fresh: count >= min, last, first, length, cuts });
    if (step === this.last && count >= min) {
      matches.push({ first, last, length, cuts: [...cuts, length], events: null });
    }
  }
}

/**
 * The order in which matches completed by one record are reported: earliest first record,
 * then the one with more records, then by arrival numbers. With skipPastLastEvent only the
 * first is reported. Records compare in processing order: event time, then arrival.
 */
export function compareMatches(a: Match, b: Match): number {
  const ea = (a.events ??= eventsOf(a));
  const eb = (b.events ??= eventsOf(b));
  const first = compareEvents(ea[0]!, eb[0]!);
  if (first !== 0) return first;
  if (ea.length !== eb.length) return eb.length - ea.length;
  for (let i = 1; i < ea.length; i++) {
    const c = compareEvents(ea[i]!, eb[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** Processing order: event time, then arrival. */
export function compareEvents(a: Ev, b: Ev): number {
  return a.ts !== b.ts ? a.ts - b.ts : a.seq - b.seq;
}
