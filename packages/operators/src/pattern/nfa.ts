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
 * Plain data and pure functions; the operator (operator.ts) owns time, keys and output.
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

export interface PartialMatch {
  /** The step it waits in. */
  step: number;
  /** Records taken in that step so far. */
  count: number;
  /** A repeated step with its minimum, right after a take: may still branch to the next step. */
  fresh: boolean;
  /** All records taken, in order. */
  events: Ev[];
  /** Where each completed step's records end in `events` (one entry per completed step). */
  cuts: number[];
}

/** What the NFA needs to know of a step. */
export interface StepShape {
  /** Minimum count of a repeated step; 0 for a step that takes exactly one record. */
  min: number;
}

/** A complete match: the records, and where each step's records end. */
export interface Match {
  events: Ev[];
  cuts: number[];
}

const hit = (ev: Ev, step: number): boolean => (ev.mask & (1 << step)) !== 0;

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
    if (hit(ev, 0))
      this.take({ step: 0, count: 0, fresh: false, events: [], cuts: [] }, ev, next, matches);
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
            events: p.events,
            cuts: [...p.cuts, p.events.length],
          };
          this.feed(stopped, ev, next, matches);
        }
        if (!taken) {
          next.push({ step, count: p.count, fresh: false, events: p.events, cuts: p.cuts });
          return;
        }
      }
    }
    if (taken) this.take(p, ev, next, matches);
    else next.push(p);
  }

  /** `p` takes `ev` in its step. */
  private take(p: PartialMatch, ev: Ev, next: PartialMatch[], matches: Match[]): void {
    const step = p.step;
    const min = this.steps[step]!.min;
    const events = [...p.events, ev];
    if (min === 0) {
      if (step === this.last) matches.push({ events, cuts: [...p.cuts, events.length] });
      else
        next.push({
          step: step + 1,
          count: 0,
          fresh: false,
          events,
          cuts: [...p.cuts, events.length],
        });
      return;
    }
    const count = p.count + 1;
    next.push({ step, count, fresh: count >= min, events, cuts: p.cuts });
    if (step === this.last && count >= min) {
      matches.push({ events, cuts: [...p.cuts, events.length] });
    }
  }
}

/**
 * The order in which matches completed by one record are reported: earliest first record,
 * then the one with more records, then by arrival numbers. With skipPastLastEvent only the
 * first is reported. Records compare in processing order: event time, then arrival.
 */
export function compareMatches(a: Match, b: Match): number {
  const ea = a.events;
  const eb = b.events;
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
