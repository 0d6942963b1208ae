import { describe, expect, it } from 'vitest';
import type { OperatorContext, Rec } from '../core/runtime.js';
import { generator } from './index.js';
import { GeneratorParams } from './params.js';

/** A context whose clock only moves when the source sleeps. */
function fakeContext(start: number) {
  const clock = { now: start, sleeps: 0 };
  const ctx = {
    nodeId: 'gen',
    now: () => clock.now,
    sleep: (ms: number) => {
      clock.sleeps++;
      clock.now += ms;
      return Promise.resolve();
    },
  } as unknown as OperatorContext;
  return { clock, ctx };
}

const WALL = 1_750_000_000_000;
const params = (extra: Record<string, unknown>) =>
  GeneratorParams.parse({ scenario: 'transactions', ratePerSec: 50, seed: 7, ...extra });

describe('source.generator backlog', () => {
  it('is a duration, absent by default', () => {
    expect(params({}).backlog).toBeUndefined();
    expect(params({ backlog: '90s' }).backlog).toBe(90_000);
    const bad = GeneratorParams.safeParse({ backlog: 'soon' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['backlog']);
  });

  it('replays the backlog at once, starting that long before the wall clock', async () => {
    const { clock, ctx } = fakeContext(WALL);
    const source = generator.create(params({ backlog: '2m' }), ctx);
    const first = (await source.next(100_000))!;
    expect(clock.sleeps).toBe(0);
    // Two minutes at 50/s, due without waiting: about 6000 (Poisson noise about ±80).
    expect(first.records.length).toBeGreaterThan(5600);
    expect(first.records.length).toBeLessThan(6400);
    expect(Math.min(...first.times)).toBeGreaterThanOrEqual(WALL - 120_000);
    expect(Math.min(...first.times)).toBeLessThan(WALL - 110_000);
    expect(Math.max(...first.times)).toBeLessThanOrEqual(WALL);
    // Then it follows the clock: nothing is due before its event time.
    while (clock.now < WALL + 10_000) {
      const batch = (await source.next(100_000))!;
      for (const ts of batch.times) expect(ts).toBeLessThanOrEqual(clock.now);
    }
    expect(clock.sleeps).toBeGreaterThan(0);
  });

  it('keeps the events of a seed: the same as a paced start from the same time', async () => {
    const withBacklog = generator.create(params({ backlog: '30s' }), fakeContext(WALL).ctx);
    const fromStart = generator.create(
      params({ startTime: WALL - 30_000 }),
      fakeContext(WALL - 30_000).ctx,
    );
    const a: Rec[] = [];
    while (a.length < 2000) a.push(...(await withBacklog.next(500))!.records);
    const b: Rec[] = [];
    while (b.length < 2000) b.push(...(await fromStart.next(500))!.records);
    expect(a.slice(0, 2000)).toEqual(b.slice(0, 2000));
  });

  it('restores to the same events after a checkpoint taken mid-backlog', async () => {
    const source = generator.create(params({ backlog: '1m' }), fakeContext(WALL).ctx);
    const before = (await source.next(1000))!.records;
    const position = source.snapshot!();
    const next = (await source.next(1000))!.records;
    const restored = generator.create(params({ backlog: '1m' }), fakeContext(WALL + 5000).ctx);
    restored.restore!(position);
    expect(before.length).toBe(1000);
    // A restored paced source goes on at the pace from now (its clock moves as it sleeps).
    const after: Rec[] = [];
    while (after.length < next.length) after.push(...(await restored.next(1000))!.records);
    expect(after.slice(0, next.length)).toEqual(next);
  });

  it('changes nothing when startTime is given (a measured run keeps its pace)', async () => {
    const { clock, ctx } = fakeContext(WALL);
    const source = generator.create(params({ backlog: '2m', startTime: WALL }), ctx);
    const first = (await source.next(100_000))!;
    expect(first.records.length).toBeLessThan(10);
    expect(Math.min(...first.times)).toBeGreaterThanOrEqual(WALL);
    expect(clock.sleeps).toBeGreaterThanOrEqual(0);
  });

  it('changes nothing when unpaced', async () => {
    const a = generator.create(
      GeneratorParams.parse({ scenario: 'sensors', limit: 50, backlog: '1m' }),
      fakeContext(WALL).ctx,
    );
    const b = generator.create(
      GeneratorParams.parse({ scenario: 'sensors', limit: 50 }),
      fakeContext(WALL).ctx,
    );
    expect((await a.next(100))!.records).toEqual((await b.next(100))!.records);
  });
});
