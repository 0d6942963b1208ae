import type { NodeTelemetry } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { explainBottleneck, type BottleneckGraph } from './bottleneck';

/** gen → heavy → per10s → out, and a second source gen2 → out. */
const graph: BottleneckGraph = {
  nodes: [
    { id: 'gen', title: 'Generator', kind: 'source' },
    { id: 'heavy', title: 'Map', kind: 'transform' },
    { id: 'per10s', title: 'Window', kind: 'transform' },
    { id: 'out', title: 'File sink', kind: 'sink' },
  ],
  edges: [
    { source: 'gen', target: 'heavy' },
    { source: 'heavy', target: 'per10s' },
    { source: 'per10s', target: 'out' },
  ],
};

type Figures = Partial<Pick<NodeTelemetry, 'busy' | 'backpressure' | 'rateIn1s' | 'rateOut1s'>> & {
  keys?: number;
  windows?: number;
};

function node(nodeId: string, f: Figures): NodeTelemetry {
  return {
    nodeId,
    recordsIn: 0,
    recordsOut: 0,
    rateIn1s: f.rateIn1s ?? 0,
    rateOut1s: f.rateOut1s ?? 0,
    rateIn10s: 0,
    rateOut10s: 0,
    latencyUs: { p50: null, p95: null, p99: null, max: null },
    lateRecords: 0,
    dropped: 0,
    deadLetters: 0,
    backpressure: f.backpressure ?? 0,
    busy: f.busy ?? 0,
    state:
      f.keys !== undefined || f.windows !== undefined
        ? { keys: f.keys ?? 0, windows: f.windows ?? 0 }
        : null,
    watermark: null,
    watermarkLagMs: null,
    connection: null,
  };
}

const figures = (byNode: Record<string, Figures>): Record<string, NodeTelemetry> =>
  Object.fromEntries(Object.entries(byNode).map(([id, f]) => [id, node(id, f)]));

describe('explainBottleneck', () => {
  const cases: {
    name: string;
    now: Record<string, Figures>;
    before?: Record<string, Figures>;
    nodeId: string | null;
    sentence?: string;
  }[] = [
    { name: 'no telemetry yet', now: {}, nodeId: null },
    {
      name: 'all idle (a paced source with time to spare)',
      now: {
        gen: { busy: 0.05, rateOut1s: 100 },
        heavy: { busy: 0.1 },
        per10s: { busy: 0.02 },
        out: { busy: 0.01 },
      },
      nodeId: null,
    },
    {
      name: 'a heavy map on a saturated thread',
      now: {
        gen: { busy: 0.1 },
        heavy: { busy: 0.82, rateIn1s: 12_345 },
        per10s: { busy: 0.05 },
        out: { busy: 0.01 },
      },
      nodeId: 'heavy',
      sentence:
        'Map heavy is busy 82% of the time and holds back Generator gen, handling 12,345 records/s.',
    },
    {
      name: 'a window whose state grows',
      now: {
        gen: { busy: 0.05 },
        heavy: { busy: 0.03 },
        per10s: { busy: 0.94, keys: 120_000, windows: 120_000 },
        out: { busy: 0 },
      },
      before: { per10s: { keys: 80_000, windows: 80_000 } },
      nodeId: 'per10s',
      sentence:
        'Window per10s is busy 94% of the time and holds back Generator gen: 120,000 keys and growing.',
    },
    {
      name: 'big but steady state names its windows without growing',
      now: {
        gen: { busy: 0.2 },
        per10s: { busy: 0.6, keys: 2_000, windows: 50_000 },
      },
      before: { per10s: { keys: 2_000, windows: 50_000 } },
      nodeId: 'per10s',
      sentence:
        'Window per10s is busy 60% of the time and holds back Generator gen: 50,000 windows.',
    },
    {
      name: 'one node busy over half the time limits even below saturation',
      now: { gen: { busy: 0.02 }, heavy: { busy: 0.55, rateIn1s: 900 } },
      nodeId: 'heavy',
    },
    {
      name: 'busy spread thin over a saturated thread still names the busiest',
      now: {
        gen: { busy: 0.2 },
        heavy: { busy: 0.3 },
        per10s: { busy: 0.25 },
        out: { busy: 0.1 },
      },
      nodeId: 'heavy',
    },
    {
      name: 'the source itself sets the pace',
      now: {
        gen: { busy: 0.7, rateOut1s: 250_000 },
        heavy: { busy: 0.1 },
        per10s: { busy: 0.1 },
        out: { busy: 0.05 },
      },
      nodeId: 'gen',
      sentence:
        'Generator gen sets the pace: it is busy 70% of the time producing 250,000 records/s, and the operators keep up.',
    },
    {
      name: 'a full sink makes the source wait',
      now: {
        gen: { busy: 0.1, backpressure: 0.6 },
        heavy: { busy: 0.1, backpressure: 0.6 },
        per10s: { busy: 0.05, backpressure: 0.6 },
        out: { busy: 0.2, rateIn1s: 3_000 },
      },
      nodeId: 'out',
      sentence:
        'File sink out cannot write faster than 3,000 records/s: it holds back Generator gen 60% of the time.',
    },
    {
      name: 'light backpressure is not the limit',
      now: {
        gen: { busy: 0.1, backpressure: 0.1 },
        heavy: { busy: 0.7, backpressure: 0.1 },
        out: { busy: 0.05 },
      },
      nodeId: 'heavy',
    },
  ];

  for (const c of cases)
    it(c.name, () => {
      const result = explainBottleneck(
        figures(c.now),
        graph,
        c.before ? figures(c.before) : undefined,
      );
      expect(result?.nodeId ?? null).toBe(c.nodeId);
      if (c.sentence) expect(result?.sentence).toBe(c.sentence);
    });

  it('ignores telemetry of nodes no longer in the graph', () => {
    expect(explainBottleneck(figures({ gone: { busy: 1 } }), graph)).toBeNull();
  });
});
