import type { NodeTelemetry, SamplesMessage, TelemetryMessage } from '@rivulet/shared-types';
import { createSeriesRing, prependBounded, pushPoint, type SeriesRing } from './ring';
import type { RunShape, WidgetConfig } from './shape';

/** Five minutes at four telemetry messages a second. */
export const SERIES_CAPACITY = 1200;
/** Sample rows kept per sink (the live table and the dashboard's table and alerts). */
export const SAMPLES_KEPT = 100;
/** Points kept per line widget, and series (labels) drawn at most. */
export const LINE_CAPACITY = 600;
export const LINE_MAX_SERIES = 8;
/** Distinct labels a bar widget keeps counting (the oldest label is dropped beyond it). */
export const BAR_MAX_LABELS = 200;

export interface SampleRow {
  /** Arrival order, a stable React key. */
  seq: number;
  /** Event time of the record when it has one (windowEnd, ts), else its arrival. */
  t: number;
  record: Record<string, unknown>;
}

export interface LineState {
  ring: SeriesRing;
  /** Series names in order of first appearance, at most LINE_MAX_SERIES. */
  labels: string[];
}

export interface BarState {
  /** Per label: how many records, and the latest `field` value. */
  entries: Map<string, { count: number; latest: number | null }>;
}

export interface NumberState {
  value: number | null;
  previous: number | null;
  t: number | null;
}

/**
 * Everything monitoring draws for one run, bounded: the charts' rings, the sinks' sample rows
 * and the dashboard widgets' accumulators. Mutated in place by the functions below (a store
 * tick tells React to redraw) so that four messages a second allocate next to nothing.
 */
export interface RunBuffers {
  shape: RunShape;
  /** Records per second per node: in for sinks, out for the others. */
  throughput: SeriesRing;
  /** Latency of each sink in ms, keys `<sinkId>|p50`, `|p95`, `|p99`. */
  latency: SeriesRing;
  /** Watermark lag of each sink, in ms. */
  lag: SeriesRing;
  /** Late records and dead letters, totals over all nodes. */
  counts: SeriesRing;
  samples: Map<string, SampleRow[]>;
  lines: Map<string, LineState>;
  bars: Map<string, BarState>;
  numbers: Map<string, NumberState>;
  seq: number;
}

export function createRunBuffers(shape: RunShape, capacity = SERIES_CAPACITY): RunBuffers {
  return {
    shape,
    throughput: createSeriesRing(capacity),
    latency: createSeriesRing(capacity),
    lag: createSeriesRing(capacity),
    counts: createSeriesRing(capacity),
    samples: new Map(),
    lines: new Map(),
    bars: new Map(),
    numbers: new Map(),
    seq: 0,
  };
}

const ms = (us: number | null): number | null => (us === null ? null : us / 1000);

/** The number a node's throughput line shows: what a sink takes in, what the others emit. */
export function throughputOf(node: NodeTelemetry, isSink: boolean): number {
  return isSink ? node.rateIn1s : node.rateOut1s;
}

export interface TelemetrySummary {
  latest: Record<string, NodeTelemetry>;
  lateRecords: number;
  deadLetters: number;
  /** Records per second read by the sources. */
  totalRate: number;
}

/** Adds one telemetry message to the rings; returns the latest figures per node. */
export function ingestTelemetry(buffers: RunBuffers, message: TelemetryMessage): TelemetrySummary {
  const sinks = new Set(buffers.shape.sinks);
  const sources = new Set(buffers.shape.sources);
  const known = new Set(buffers.shape.nodeIds);
  const latest: Record<string, NodeTelemetry> = {};
  const rates: Record<string, number> = {};
  const latency: Record<string, number | null> = {};
  const lag: Record<string, number | null> = {};
  let lateRecords = 0;
  let deadLetters = 0;
  let totalRate = 0;
  for (const node of message.nodes) {
    // A node the shape does not know (no document yet) is read by its counters: a window
    // also emits nothing until it fires, so the shape decides whenever it can.
    const isSink = known.has(node.nodeId)
      ? sinks.has(node.nodeId)
      : node.recordsOut === 0 && node.recordsIn > 0;
    latest[node.nodeId] = node;
    rates[node.nodeId] = throughputOf(node, isSink);
    lateRecords += node.lateRecords;
    deadLetters += node.deadLetters;
    if (sources.has(node.nodeId)) totalRate += node.rateOut1s;
    if (isSink) {
      latency[`${node.nodeId}|p50`] = ms(node.latencyUs.p50);
      latency[`${node.nodeId}|p95`] = ms(node.latencyUs.p95);
      latency[`${node.nodeId}|p99`] = ms(node.latencyUs.p99);
      lag[node.nodeId] = node.watermarkLagMs;
    }
  }
  pushPoint(buffers.throughput, message.t, rates);
  pushPoint(buffers.latency, message.t, latency);
  pushPoint(buffers.lag, message.t, lag);
  pushPoint(buffers.counts, message.t, { late: lateRecords, dead: deadLetters });
  return { latest, lateRecords, deadLetters, totalRate };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Event time of a sample: a window's end, else the record's ts, else its arrival. */
export function timeOf(record: Record<string, unknown>, arrival: number): number {
  for (const field of ['windowEnd', 'ts', 'timestamp']) {
    const v = record[field];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return arrival;
}

export function numberOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function labelOf(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function feedLine(buffers: RunBuffers, w: WidgetConfig, rows: SampleRow[]): void {
  if (!w.field) return;
  let line = buffers.lines.get(w.nodeId);
  if (!line) {
    line = { ring: createSeriesRing(LINE_CAPACITY), labels: [] };
    buffers.lines.set(w.nodeId, line);
  }
  // Rows sharing a time become one point with a value per label.
  const byTime = new Map<number, Record<string, number | null>>();
  for (const row of rows) {
    const value = numberOf(row.record[w.field]);
    if (value === null) continue;
    const label = w.labelField ? labelOf(row.record[w.labelField]) : w.field;
    if (!line.labels.includes(label)) {
      if (line.labels.length >= LINE_MAX_SERIES) continue;
      line.labels.push(label);
    }
    const point = byTime.get(row.t) ?? {};
    point[label] = value;
    byTime.set(row.t, point);
  }
  for (const [t, point] of [...byTime].sort((a, b) => a[0] - b[0])) pushPoint(line.ring, t, point);
}

function feedBar(buffers: RunBuffers, w: WidgetConfig, rows: SampleRow[]): void {
  const labelField = w.labelField ?? w.field;
  if (!labelField) return;
  let bar = buffers.bars.get(w.nodeId);
  if (!bar) {
    bar = { entries: new Map() };
    buffers.bars.set(w.nodeId, bar);
  }
  for (const row of rows) {
    const label = labelOf(row.record[labelField]);
    const value = w.field && w.labelField ? numberOf(row.record[w.field]) : null;
    const entry = bar.entries.get(label);
    if (entry) {
      entry.count++;
      if (value !== null) entry.latest = value;
    } else {
      if (bar.entries.size >= BAR_MAX_LABELS) {
        const oldest = bar.entries.keys().next().value;
        if (oldest !== undefined) bar.entries.delete(oldest);
      }
      bar.entries.set(label, { count: 1, latest: value });
    }
  }
}

function feedNumber(buffers: RunBuffers, w: WidgetConfig, rows: SampleRow[]): void {
  if (!w.field) return;
  for (const row of rows) {
    const value = numberOf(row.record[w.field]);
    if (value === null) continue;
    const prev = buffers.numbers.get(w.nodeId);
    buffers.numbers.set(w.nodeId, { value, previous: prev?.value ?? null, t: row.t });
  }
}

/** Adds a sink's samples: its table rows (newest first, bounded) and its widget, if any. */
export function ingestSamples(buffers: RunBuffers, message: SamplesMessage): void {
  const rows: SampleRow[] = [];
  for (const record of message.records) {
    const r = isRecord(record) ? record : { value: record };
    rows.push({ seq: ++buffers.seq, t: timeOf(r, message.t), record: r });
  }
  if (rows.length === 0) return;
  buffers.samples.set(
    message.nodeId,
    prependBounded(buffers.samples.get(message.nodeId) ?? [], rows, SAMPLES_KEPT),
  );
  const widget = buffers.shape.widgets.find((w) => w.nodeId === message.nodeId);
  if (widget?.widget === 'line') feedLine(buffers, widget, rows);
  else if (widget?.widget === 'bar') feedBar(buffers, widget, rows);
  else if (widget?.widget === 'number') feedNumber(buffers, widget, rows);
}

/** Top bars, largest first: by latest `field` when the widget has both fields, else by count. */
export function topBars(
  bar: BarState | undefined,
  byValue: boolean,
  limit = 10,
): { label: string; value: number }[] {
  if (!bar) return [];
  return [...bar.entries]
    .map(([label, e]) => ({ label, value: byValue ? (e.latest ?? 0) : e.count }))
    .sort((a, b) => b.value - a.value)
    .slice(0, limit);
}
