import { describe, expect, it } from 'vitest';
import type { OperatorContext, Rec, SourceBatch } from '../core/runtime.js';
import { generator } from './index.js';
import { DEFAULT_START_TIME, GeneratorParams } from './params.js';
import { openStream } from './runtime.js';

const SCENARIOS = ['clickstream', 'transactions', 'sensors', 'conversations'] as const;

function take(input: Record<string, unknown>, n: number): Rec[] {
  const { stream } = openStream(GeneratorParams.parse(input), 0);
  return Array.from({ length: n }, () => stream.next());
}

/** A context whose clock only moves when the source sleeps (or the test moves it). */
function fakeContext(start: number) {
  const clock = { now: start, sleeps: [] as number[] };
  const ctx = {
    nodeId: 'gen',
    now: () => clock.now,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.now += ms;
      return Promise.resolve();
    },
  } as unknown as OperatorContext;
  return { clock, ctx };
}

async function drain(input: Record<string, unknown>, max: number) {
  const { ctx } = fakeContext(0);
  const source = generator.create(GeneratorParams.parse(input), ctx);
  const batches: SourceBatch[] = [];
  for (;;) {
    const batch = await source.next(max);
    if (batch === null) break;
    batches.push(batch);
  }
  return { source, batches };
}

describe('source.generator params', () => {
  it('fills the defaults', () => {
    const params = GeneratorParams.parse({});
    expect(params).toMatchObject({ scenario: 'clickstream', seed: 1, users: 1000, items: 500 });
    expect(params.limit).toBeUndefined();
    expect(params.maxOutOfOrderness).toBeUndefined();
  });

  it('parses durations and start times, and refuses unknown params with their path', () => {
    const params = GeneratorParams.parse({
      maxOutOfOrderness: '1.5s',
      startTime: '2026-03-01T00:00:00Z',
    });
    expect(params.maxOutOfOrderness).toBe(1500);
    expect(params.startTime).toBe(Date.UTC(2026, 2, 1));
    const bad = GeneratorParams.safeParse({
      scenario: 'sensors',
      speed: 3,
      startTime: 'yesterday',
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) =>
      issue.code === 'unrecognized_keys' ? issue.keys.join() : issue.path.join('.'),
    );
    expect(paths).toEqual(expect.arrayContaining(['speed', 'startTime']));
    expect(GeneratorParams.safeParse({ limit: 0 }).success).toBe(false);
    expect(GeneratorParams.safeParse({ scenario: 'weather' }).success).toBe(false);
    expect(GeneratorParams.safeParse({ ratePerSec: -1 }).success).toBe(false);
  });

  it('has help text on every field', () => {
    for (const [name, field] of Object.entries(GeneratorParams.shape)) {
      expect(field.meta()?.description, name).toBeTruthy();
    }
  });
});

describe.each(SCENARIOS)('source.generator %s', (scenario) => {
  it('is deterministic: the same seed gives the same events, another seed others', () => {
    const a = JSON.stringify(take({ scenario, seed: 5 }, 10_000));
    expect(JSON.stringify(take({ scenario, seed: 5 }, 10_000))).toBe(a);
    expect(JSON.stringify(take({ scenario, seed: 6 }, 10_000))).not.toBe(a);
  });

  it('honours the limit exactly, returns each event time with its record, then null', async () => {
    const { batches, source } = await drain({ scenario, limit: 12_345 }, 1000);
    expect(batches.map((b) => b.records.length)).toEqual([...Array(12).fill(1000), 345]);
    for (const batch of batches) {
      expect(batch.times).toEqual(batch.records.map((r) => r.ts));
    }
    expect(await source.next(1000)).toBeNull();
  });

  it('starts at 2026-01-01 and runs 1000 events per second of event time when unpaced', () => {
    const events = take({ scenario }, 100_000);
    const times = events.map((e) => e.ts as number);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(DEFAULT_START_TIME);
    expect(times[0]! - DEFAULT_START_TIME).toBeLessThan(2100);
    const span = Math.max(...times) - DEFAULT_START_TIME;
    expect(span).toBeGreaterThan(95_000);
    expect(span).toBeLessThan(105_000);
  });

  it.each([undefined, '5s'])(
    'keeps every event within maxOutOfOrderness (%s) of the latest event time',
    async (maxOutOfOrderness) => {
      const { batches, source } = await drain({ scenario, limit: 50_000, maxOutOfOrderness }, 4096);
      const bound = source.maxOutOfOrderness!;
      expect(bound).toBe(maxOutOfOrderness === '5s' ? 5000 : scenario === 'sensors' ? 2000 : 0);
      let maxTs = -Infinity;
      let worst = 0;
      let late = 0;
      for (const t of batches.flatMap((b) => b.times)) {
        if (t > maxTs) maxTs = t;
        worst = Math.max(worst, maxTs - t);
        if (t < maxTs) late++;
      }
      expect(worst).toBeLessThanOrEqual(bound);
      // Out of order when allowed: a real share of the events, not a token few.
      if (bound > 0) expect(late).toBeGreaterThan(1000);
      else expect(late).toBe(0);
    },
  );

  it('paces at ratePerSec in wall-clock time, with event time following the clock', async () => {
    const wallStart = 1_750_000_000_000;
    const { clock, ctx } = fakeContext(wallStart);
    const source = generator.create(
      GeneratorParams.parse({ scenario, ratePerSec: 200, maxOutOfOrderness: 0 }),
      ctx,
    );
    let count = 0;
    while (clock.now < wallStart + 30_000) {
      const batch = (await source.next(10_000))!;
      for (const ts of batch.times) {
        // Due means: its event time has come on the wall clock, and not long before.
        expect(ts).toBeLessThanOrEqual(clock.now);
        expect(ts).toBeGreaterThanOrEqual(wallStart);
      }
      count += batch.records.length;
    }
    // 30 s at 200/s: 6000, Poisson noise about ±80.
    expect(count).toBeGreaterThan(5700);
    expect(count).toBeLessThan(6300);
    expect(clock.sleeps.every((ms) => ms > 0)).toBe(true);
  });
});

describe('source.generator pacing', () => {
  it('returns only what is due, batches what piled up, and survives a sleep cut short', async () => {
    const { clock, ctx } = fakeContext(0);
    const source = generator.create(GeneratorParams.parse({ ratePerSec: 100, limit: 500 }), ctx);
    const first = (await source.next(1000))!;
    expect(first.records.length).toBeGreaterThanOrEqual(1);
    expect(first.records.length).toBeLessThan(5);
    clock.now += 2000; // the engine was busy for 2 s: about 200 events are due at once
    const piled = (await source.next(1000))!;
    expect(piled.records.length).toBeGreaterThan(150);
    expect(piled.records.length).toBeLessThan(250);
    // A sleep that the engine cuts short (on stop) yields an empty batch, not an error.
    (ctx as { sleep: (ms: number) => Promise<void> }).sleep = () => Promise.resolve();
    const cut = (await source.next(1000))!;
    expect(cut.records.length).toBe(0);
  });

  it('honours an explicit startTime when paced', async () => {
    const { ctx } = fakeContext(5_000_000);
    const source = generator.create(
      GeneratorParams.parse({ ratePerSec: 1000, startTime: '2026-06-01T12:00:00Z', limit: 10 }),
      ctx,
    );
    const batch = (await source.next(10))!;
    expect(batch.times[0]).toBeGreaterThanOrEqual(Date.UTC(2026, 5, 1, 12));
    expect(batch.times[0]).toBeLessThan(Date.UTC(2026, 5, 1, 12) + 1000);
  });

  it('is synchronous when unpaced', () => {
    const { ctx } = fakeContext(0);
    const source = generator.create(GeneratorParams.parse({ limit: 3 }), ctx);
    const batch = source.next(10) as SourceBatch;
    expect(batch.records).toHaveLength(3);
    expect(source.next(10)).toBeNull();
  });
});
