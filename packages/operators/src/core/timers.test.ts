import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerService } from './timers.js';

type Fired = [number, string, number];

function collect(service: TimerService, wm: number): Fired[] {
  const fired: Fired[] = [];
  service.advance(wm, (time, key, ns) => fired.push([time, key, ns]));
  return fired;
}

describe('TimerService', () => {
  it('fires due timers in time order and keeps the rest', () => {
    const timers = new TimerService();
    timers.register(30, 'a', 0);
    timers.register(10, 'a', 0);
    timers.register(20, 'b', 0);
    expect(collect(timers, 20)).toEqual([
      [10, 'a', 0],
      [20, 'b', 0],
    ]);
    expect(timers.size).toBe(1);
    expect(timers.peekTime()).toBe(30);
    expect(collect(timers, Infinity)).toEqual([[30, 'a', 0]]);
    expect(timers.peekTime()).toBe(Infinity);
  });

  it('deduplicates per (key, namespace, time)', () => {
    const timers = new TimerService();
    timers.register(9, '["x"]', 0);
    timers.register(9, '["x"]', 0);
    timers.register(9, '["y"]', 0);
    timers.register(9, '["x"]', 5);
    expect(timers.size).toBe(3);
    expect(collect(timers, 9)).toHaveLength(3);
  });

  it('deletes a timer so that it never fires', () => {
    const timers = new TimerService();
    timers.register(5, '', 0);
    timers.register(7, '', 0);
    expect(timers.delete(5, '', 0)).toBe(true);
    expect(timers.delete(5, '', 0)).toBe(false);
    expect(collect(timers, 100)).toEqual([[7, '', 0]]);
  });

  it('fires a timer registered by a callback at a due time in the same advance', () => {
    const timers = new TimerService();
    timers.register(1, '', 0);
    const fired: number[] = [];
    timers.advance(10, (time) => {
      fired.push(time);
      if (time === 1) timers.register(3, '', 0);
    });
    expect(fired).toEqual([1, 3]);
  });

  it('matches a sorted-list model under random register/delete/advance', () => {
    const op = fc.oneof(
      fc.record({
        op: fc.constant('register' as const),
        time: fc.integer({ min: -20, max: 50 }),
        key: fc.constantFrom('', 'a', 'b'),
        start: fc.integer({ min: 0, max: 3 }),
      }),
      fc.record({
        op: fc.constant('delete' as const),
        time: fc.integer({ min: -20, max: 50 }),
        key: fc.constantFrom('', 'a', 'b'),
        start: fc.integer({ min: 0, max: 3 }),
      }),
      fc.record({ op: fc.constant('advance' as const), time: fc.integer({ min: -25, max: 55 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const timers = new TimerService();
        const model = new Map<string, Fired>();
        for (const o of ops) {
          if (o.op === 'register') {
            timers.register(o.time, o.key, o.start);
            model.set(JSON.stringify([o.time, o.key, o.start]), [o.time, o.key, o.start]);
          } else if (o.op === 'delete') {
            const id = JSON.stringify([o.time, o.key, o.start]);
            expect(timers.delete(o.time, o.key, o.start)).toBe(model.has(id));
            model.delete(id);
          } else {
            const fired = collect(timers, o.time);
            for (let i = 1; i < fired.length; i++) {
              expect(fired[i]![0]).toBeGreaterThanOrEqual(fired[i - 1]![0]);
            }
            const due = [...model.entries()].filter(([, t]) => t[0] <= o.time);
            for (const [id] of due) model.delete(id);
            const sort = (xs: Fired[]) => xs.map((x) => JSON.stringify(x)).sort();
            expect(sort(fired)).toEqual(sort(due.map(([, t]) => t)));
          }
          expect(timers.size).toBe(model.size);
        }
      }),
      { numRuns: 200 },
    );
  });
});
