import type { PipelineDocument } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { runBounded, START_TIME } from './harness.js';

const doc: PipelineDocument = {
  version: 1,
  name: 'tiny',
  nodes: [
    {
      id: 'payments',
      type: 'source.generator',
      params: { scenario: 'transactions', ratePerSec: 100, seed: 9 },
    },
    { id: 'labelled', type: 'filter', params: { expr: 'isFraud' } },
    { id: 'alerts', type: 'sink.dashboard', params: { widget: 'alerts' } },
  ],
  edges: [
    { source: 'payments', target: 'labelled' },
    { source: 'labelled', target: 'alerts' },
  ],
};

describe('runBounded', () => {
  it('runs a paced template bounded on a virtual clock, capturing sinks and read times', async () => {
    const seen: unknown[] = [];
    const started = performance.now();
    // 3,000 events at 100/s are 30 s of event time: the virtual clock does not wait for them.
    const run = await runBounded(doc, {
      seed: 9,
      events: 3000,
      eventId: (r) => r.txId as string,
      observe: (r) => seen.push(r.txId),
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(seen).toHaveLength(3000);
    expect(run.readAt.size).toBe(3000);
    expect(run.lastTs).toBeGreaterThan(START_TIME + 25_000);
    expect(run.lastTs).toBeLessThan(START_TIME + 35_000);
    const alerts = run.captured.get('alerts')!;
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.record.isFraud).toBe(true);
      expect(a.at).toBeGreaterThanOrEqual(run.readAt.get(a.record.txId as string)!);
    }
  });

  it('runs on the real clock at the template’s rate, with public params set over the template’s', async () => {
    const labelled = async (fraudRate: number) => {
      let n = 0;
      const run = await runBounded(doc, {
        seed: 9,
        events: 150,
        clock: 'real',
        params: { fraudRate },
        eventId: (r) => r.txId as string,
        observe: (r) => void (r.isFraud === true && n++),
      });
      expect(run.captured.get('alerts')!.length).toBe(n);
      return n;
    };
    const started = performance.now();
    expect(await labelled(0)).toBe(0);
    // 150 events at 100/s: paced, a run cannot take much less than 1.5 s of wall time.
    expect(performance.now() - started).toBeGreaterThan(1200);
    expect(await labelled(0.3)).toBeGreaterThan(0);
  });

  it('refuses a pipeline that does not validate, with its problems', async () => {
    const bad = { ...doc, edges: [] };
    await expect(runBounded(bad, { seed: 1, events: 10, eventId: () => '' })).rejects.toThrow(
      /invalid scenario pipeline/,
    );
  });
});
