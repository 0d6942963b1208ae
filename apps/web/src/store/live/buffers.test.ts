import type { NodeTelemetry, TelemetryMessage } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import {
  BAR_MAX_LABELS,
  LINE_MAX_SERIES,
  SAMPLES_KEPT,
  createRunBuffers,
  ingestSamples,
  ingestTelemetry,
  topBars,
} from './buffers';
import { toRows } from './ring';
import { shapeOf } from './shape';

const doc = {
  version: 1 as const,
  name: 't',
  nodes: [
    { id: 'src', type: 'source.generator', params: {} },
    { id: 'f', type: 'filter', params: { expr: 'true' } },
    { id: 'table', type: 'sink.dashboard', params: { widget: 'table' } },
    {
      id: 'line',
      type: 'sink.dashboard',
      params: { widget: 'line', field: 'v', labelField: 'k', title: 'Lines' },
    },
    { id: 'bar', type: 'sink.dashboard', params: { widget: 'bar', labelField: 'k' } },
    { id: 'num', type: 'sink.dashboard', params: { widget: 'number', field: 'v' } },
  ],
  edges: [],
};

function node(nodeId: string, over: Partial<NodeTelemetry> = {}): NodeTelemetry {
  return {
    nodeId,
    recordsIn: 0,
    recordsOut: 0,
    rateIn1s: 0,
    rateOut1s: 0,
    rateIn10s: 0,
    rateOut10s: 0,
    latencyUs: { p50: null, p95: null, p99: null, max: null },
    lateRecords: 0,
    dropped: 0,
    deadLetters: 0,
    backpressure: 0,
    state: null,
    watermark: null,
    watermarkLagMs: null,
    connection: null,
    ...over,
  };
}

const message = (t: number, nodes: NodeTelemetry[]): TelemetryMessage => ({
  runId: 'r1',
  t,
  status: 'running',
  nodes,
  checkpoints: null,
});

describe('shapeOf', () => {
  it('finds sources, sinks and widgets with defaults', () => {
    const shape = shapeOf(doc);
    expect(shape.sources).toEqual(['src']);
    expect(shape.sinks).toEqual(['table', 'line', 'bar', 'num']);
    expect(shape.widgets[0]).toEqual({
      nodeId: 'table',
      widget: 'table',
      title: 'table',
      field: undefined,
      labelField: undefined,
    });
    expect(shape.widgets[1]?.title).toBe('Lines');
  });
});

describe('ingestTelemetry', () => {
  it('records out-rates of sources and transforms, in-rates of sinks, latency in ms', () => {
    const b = createRunBuffers(shapeOf(doc), 10);
    const summary = ingestTelemetry(
      b,
      message(1000, [
        node('src', { rateOut1s: 500, recordsOut: 500, lateRecords: 1 }),
        node('f', { rateIn1s: 500, rateOut1s: 100, deadLetters: 2 }),
        node('table', {
          rateIn1s: 100,
          latencyUs: { p50: 1500, p95: 3000, p99: 9000, max: 10000 },
          watermarkLagMs: 2500,
        }),
      ]),
    );
    expect(summary.totalRate).toBe(500);
    expect(summary.lateRecords).toBe(1);
    expect(summary.deadLetters).toBe(2);
    expect(summary.latest.f?.rateOut1s).toBe(100);
    expect(toRows(b.throughput, ['src', 'f', 'table'])).toEqual([
      { t: 1000, src: 500, f: 100, table: 100 },
    ]);
    expect(toRows(b.latency, ['table|p50', 'table|p95', 'table|p99'])).toEqual([
      { t: 1000, 'table|p50': 1.5, 'table|p95': 3, 'table|p99': 9 },
    ]);
    expect(toRows(b.lag, ['table'])).toEqual([{ t: 1000, table: 2500 }]);
    expect(toRows(b.counts)).toEqual([{ t: 1000, late: 1, dead: 2 }]);
  });

  it('stays bounded over a long run', () => {
    const b = createRunBuffers(shapeOf(doc), 100);
    for (let i = 0; i < 10_000; i++)
      ingestTelemetry(b, message(i * 250, [node('src', { rateOut1s: i })]));
    expect(b.throughput.length).toBe(100);
    expect(toRows(b.throughput, ['src']).at(-1)).toEqual({ t: 9999 * 250, src: 9999 });
  });
});

describe('ingestSamples', () => {
  it('keeps the last SAMPLES_KEPT rows per sink, newest first, timed by their event time', () => {
    const b = createRunBuffers(shapeOf(doc));
    for (let i = 0; i < 40; i++) {
      ingestSamples(b, {
        runId: 'r1',
        nodeId: 'table',
        t: 5000 + i,
        records: [{ n: i * 10 }, { n: i * 10 + 1, ts: 42 }, 'bare'],
      });
    }
    const rows = b.samples.get('table')!;
    expect(rows.length).toBe(SAMPLES_KEPT);
    expect(rows[0]?.record).toEqual({ value: 'bare' });
    expect(rows[1]?.record).toEqual({ n: 391, ts: 42 });
    expect(rows[1]?.t).toBe(42);
    expect(rows[2]?.t).toBe(5039);
  });

  it('feeds a line widget one series per label, at most LINE_MAX_SERIES', () => {
    const b = createRunBuffers(shapeOf(doc));
    const records = Array.from({ length: 12 }, (_, k) => ({ k: `k${k}`, v: k, windowEnd: 10_000 }));
    ingestSamples(b, { runId: 'r1', nodeId: 'line', t: 1, records });
    ingestSamples(b, {
      runId: 'r1',
      nodeId: 'line',
      t: 2,
      records: [{ k: 'k0', v: 99, windowEnd: 20_000 }],
    });
    const line = b.lines.get('line')!;
    expect(line.labels.length).toBe(LINE_MAX_SERIES);
    const rows = toRows(line.ring, line.labels);
    expect(rows.length).toBe(2);
    expect(rows[0]).toMatchObject({ t: 10_000, k0: 0, k7: 7 });
    expect(rows[1]).toMatchObject({ t: 20_000, k0: 99, k1: null });
  });

  it('counts bar labels with a bounded map, and keeps the latest number', () => {
    const b = createRunBuffers(shapeOf(doc));
    const records = Array.from({ length: BAR_MAX_LABELS + 50 }, (_, i) => ({ k: `k${i}` }));
    ingestSamples(b, { runId: 'r1', nodeId: 'bar', t: 1, records });
    ingestSamples(b, { runId: 'r1', nodeId: 'bar', t: 2, records: [{ k: 'k249' }, { k: 'k249' }] });
    expect(b.bars.get('bar')!.entries.size).toBe(BAR_MAX_LABELS);
    expect(topBars(b.bars.get('bar'), false, 1)).toEqual([{ label: 'k249', value: 3 }]);

    ingestSamples(b, {
      runId: 'r1',
      nodeId: 'num',
      t: 1,
      records: [{ v: 1 }, { v: 'x' }, { v: 7 }],
    });
    expect(b.numbers.get('num')).toMatchObject({ value: 7, previous: 1 });
  });
});
