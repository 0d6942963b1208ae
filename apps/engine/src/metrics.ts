import { noConnection, type ConnectionState } from '@rivulet/operators';
import type { LatencyUs, NodeFinal } from '@rivulet/shared-types';
import * as hdr from 'hdr-histogram-js';

/**
 * Counters of one node, bumped by the hot path (an increment per record) and read by the
 * summary and telemetry.
 */
export class NodeMetrics {
  recordsIn = 0;
  recordsOut = 0;
  deadLetters = 0;
  lateRecords = 0;
  /** Records the operator discarded on purpose (e.g. dedupe's duplicates). */
  dropped = 0;
  /** Microseconds from a record's read at its source until this node had processed its batch. */
  readonly latency = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 2,
  });
  /** The same since telemetry last read it (reset by the reader). */
  readonly recentLatency = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 2,
  });
  /** Sinks keep the last few records they saw, one every `sampleEvery`, for live samples. */
  sampleEvery = 1;
  sampleCountdown = 1;
  readonly samples: unknown[] = [];
  /** recordsIn when the current source batch started, to weigh the latency sample. */
  inAtBatchStart = 0;
  /** Milliseconds a source spent waiting for its sinks (backpressure). */
  blockedMs = 0;
  /**
   * Milliseconds of wall time the node spent on its own work (less the nodes it called), an
   * estimate from one timed record per source batch (see `timed` in job.ts).
   */
  busyMs = 0;
  /** Largest watermark forwarded, −∞ before the first. */
  watermark = Number.NEGATIVE_INFINITY;
  /** A connector's health and lag (status null for other nodes). */
  readonly connection: ConnectionState = noConnection();

  constructor(
    readonly nodeId: string,
    readonly type: string,
  ) {}

  summary(): NodeSummary {
    return {
      nodeId: this.nodeId,
      type: this.type,
      recordsIn: this.recordsIn,
      recordsOut: this.recordsOut,
      deadLetters: this.deadLetters,
      lateRecords: this.lateRecords,
      dropped: this.dropped,
      latencyUs: percentiles(this.latency),
    };
  }
}

/** Samples a sink keeps between two reads. */
export const MAX_SAMPLES = 64;

/**
 * Percentiles of a histogram in µs, null when it is empty. A histogram answers a percentile
 * with the top of its bucket, which can lie above the largest value recorded: no percentile is
 * ever shown above the max.
 */
export function percentiles(h: hdr.Histogram): LatencyUs {
  if (h.totalCount === 0) return { p50: null, p95: null, p99: null, max: null };
  const max = h.maxValue;
  const at = (p: number) => Math.min(h.getValueAtPercentile(p), max);
  return { p50: at(50), p95: at(95), p99: at(99), max };
}

/** A node's final figures: the schema the API stores and serves them by (`NodeFinal`). */
export type NodeSummary = NodeFinal;
