import type { NodeTelemetry, RunHistory } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { createRunBuffers } from './buffers';
import { replayHistory } from './history';
import { toRows } from './ring';
import { shapeOf } from './shape';

const doc = {
  version: 1 as const,
  name: 't',
  nodes: [
    { id: 'src', type: 'source.generator', params: {} },
    { id: 'alerts', type: 'sink.dashboard', params: { widget: 'alerts' } },
    { id: 'num', type: 'sink.dashboard', params: { widget: 'number', field: 'v' } },
  ],
  edges: [],
};

// Only the fields monitoring reads; the rest of a node's telemetry does not matter here.
const node = (nodeId: string, rateOut1s: number, rateIn1s = 0) =>
  ({
    nodeId,
    recordsIn: 0,
    recordsOut: 0,
    rateIn1s,
    rateOut1s,
    rateIn10s: 0,
    rateOut10s: 0,
    latencyUs: { p50: null, p95: null, p99: null, max: null },
    lateRecords: 0,
    dropped: 0,
    deadLetters: 2,
    backpressure: 0,
    state: null,
    watermark: null,
    watermarkLagMs: null,
    connection: null,
  }) as NodeTelemetry;

const T0 = Date.UTC(2026, 0, 1, 10, 42);

const history: RunHistory = {
  runId: 'r1',
  pipelineId: 'p1',
  status: 'running',
  kept: true,
  since: T0,
  telemetry: [0, 10_000, 20_000, 21_000].map((dt, i) => ({
    runId: 'r1',
    t: T0 + dt,
    status: 'running' as const,
    nodes: [node('src', 100 * (i + 1)), node('alerts', 0, 5)],
    checkpoints: null,
  })),
  samples: [
    { runId: 'r1', nodeId: 'alerts', t: T0 + 1000, records: [{ cardId: 'a' }, { cardId: 'b' }] },
    { runId: 'r1', nodeId: 'num', t: T0 + 1500, records: [{ v: 1 }] },
    { runId: 'r1', nodeId: 'alerts', t: T0 + 2000, records: [{ cardId: 'c' }] },
    { runId: 'r1', nodeId: 'num', t: T0 + 2500, records: [{ v: 7 }] },
  ],
  log: [],
};

describe('replayHistory', () => {
  it('fills the charts with every kept point, oldest first, and returns the newest figures', () => {
    const buffers = createRunBuffers(shapeOf(doc));
    const summary = replayHistory(buffers, history);
    expect(toRows(buffers.throughput, ['src']).map((r) => [r.t - T0, r.src])).toEqual([
      [0, 100],
      [10_000, 200],
      [20_000, 300],
      [21_000, 400],
    ]);
    expect(summary?.totalRate).toBe(400);
    expect(summary?.deadLetters).toBe(4);
  });

  it('fills the sinks: alerts newest first, a number widget at its latest value', () => {
    const buffers = createRunBuffers(shapeOf(doc));
    replayHistory(buffers, history);
    expect(buffers.samples.get('alerts')!.map((r) => r.record.cardId)).toEqual(['c', 'b', 'a']);
    expect(buffers.numbers.get('num')).toMatchObject({ value: 7, previous: 1 });
  });

  it('returns null with no telemetry kept', () => {
    const buffers = createRunBuffers(shapeOf(doc));
    expect(replayHistory(buffers, { ...history, telemetry: [], samples: [] })).toBeNull();
    expect(buffers.throughput.length).toBe(0);
  });
});
