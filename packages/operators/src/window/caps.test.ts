import { describe, expect, it } from 'vitest';
import { bestOf } from '../core/test-support/hostile.js';
import { createTestContext } from '../core/test-support/context.js';
import { WINDOW_LIMITS, WindowOperator } from './operator.js';
import { MAX_SESSIONS_PER_KEY, WindowParams } from './params.js';

function build(raw: Record<string, unknown>, sessionsPerKey = MAX_SESSIONS_PER_KEY) {
  const test = createTestContext(['k']);
  const op = new WindowOperator(WindowParams.parse(raw), test.ctx, { sessionsPerKey });
  return { ...test, op };
}

const sessions = { kind: 'session', gap: 10, allowedLateness: '1000d' };

describe('window: the cap on live sessions per key', () => {
  it('is 1,000', () => {
    expect(MAX_SESSIONS_PER_KEY).toBe(1000);
    expect(WINDOW_LIMITS).toEqual({ sessionsPerKey: 1000 });
  });

  it('drops the earliest session, fired already, when a record opens one too many', () => {
    const t = build(sessions, 2);
    t.op.onRecord({ id: 1 }, 0, '["a"]');
    t.op.onRecord({ id: 2 }, 100, '["a"]');
    t.op.onWatermark(150); // both fire
    const r3 = { id: 3 };
    t.op.onRecord(r3, 200, '["a"]');
    expect(t.out.map((e) => [e.record.windowStart, e.record.count])).toEqual([
      [0, 1],
      [100, 1],
    ]);
    expect(t.deadLetters).toEqual([
      {
        record: r3,
        ts: 200,
        reason:
          'window: key ["a"]: a new session made 3 live sessions, more than 2 (MAX_SESSIONS_PER_KEY): the earliest was dropped, after it had fired; later records no longer update it',
      },
    ]);
    t.op.onRecord({ id: 4 }, 5, '["a"]'); // not late (lateness), but its session is gone: a new one
    expect(t.out.at(-1)!.record).toMatchObject({ windowStart: 5, windowEnd: 15, count: 1 });
    expect(t.op.stateSize()).toEqual({ keys: 1, windows: 2 });
  });

  it('fires the earliest session at once when it has not fired yet', () => {
    const t = build(sessions, 1);
    t.op.onRecord({ id: 1 }, 0, '["a"]');
    t.op.onRecord({ id: 2 }, 3, '["a"]');
    t.op.onRecord({ id: 3 }, 50, '["a"]');
    expect(
      t.out.map((e) => [e.record.windowStart, e.record.windowEnd, e.record.count, e.ts]),
    ).toEqual([[0, 13, 2, 12]]);
    expect(t.deadLetters[0]!.reason).toContain('the earliest was dropped, fired early');
    t.op.onWatermark(Infinity);
    expect(t.out.map((e) => e.record.windowStart)).toEqual([0, 50]);
    expect(t.op.stateSize()).toEqual({ keys: 0, windows: 0 });
  });

  it('keeps a key with a large lateness bounded, and a record’s work with it', () => {
    const t = build(sessions);
    const n = 50_000;
    // Every record opens a session 20 ms after the last; each lives 1000 days. Before the cap,
    // each record scanned all its key's sessions: 50,000 records took seconds and more each time.
    const ms = bestOf(() => {
      for (let i = 0; i < n; i++) {
        t.op.onRecord({ id: i }, i * 20, '["a"]');
        t.op.onWatermark(i * 20 - 100);
      }
    }, 1);
    expect(ms).toBeLessThan(30_000); // a loaded 2-core machine took 7 s; uncapped, minutes
    expect(t.op.stateSize()).toEqual({ keys: 1, windows: MAX_SESSIONS_PER_KEY });
    expect(t.deadLetters).toHaveLength(n - MAX_SESSIONS_PER_KEY);
    const { timers } = (t.op as unknown as { trigger: { timers: { size: number } } }).trigger;
    expect(timers.size).toBeLessThanOrEqual(2 * MAX_SESSIONS_PER_KEY);
  });
});
