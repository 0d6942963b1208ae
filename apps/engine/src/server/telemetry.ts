import type { ConnectionState } from '@rivulet/operators';
import type { NodeTelemetry, SamplesMessage, TelemetryMessage } from '@rivulet/shared-types';
import type { Job } from '../job.js';
import { percentiles } from '../metrics.js';

/** Samples per second per sink at most. */
export const SAMPLES_PER_SECOND = 20;
const HISTORY_MS = 10_000;

interface Point {
  t: number;
  in: number;
  out: number;
  blocked: number;
  busy: number;
}

/**
 * Turns a job's counters into telemetry. It reads what the hot path already counts; the only
 * work it adds to the hot path is the sinks' sample countdown, which it tunes here so that each
 * sink keeps about SAMPLES_PER_SECOND records a second.
 */
export class RunTelemetry {
  private readonly history = new Map<string, Point[]>();
  private readonly upstreamSources = new Map<string, string[]>();
  /** The last message, for a client that subscribes between two ticks. */
  last: TelemetryMessage | null = null;

  constructor(
    private readonly runId: string,
    private readonly job: Job,
    private readonly now: () => number = Date.now,
    /** Whether the run takes checkpoints (their figures are then part of each message). */
    private readonly checkpointing = false,
  ) {
    for (const v of job.vertices) this.upstreamSources.set(v.node.id, job.sourcesOf(v.node.id));
  }

  tick(): TelemetryMessage {
    const t = this.now();
    const blockedShare = new Map<string, number>();
    // Sources first: their blocked share is what the nodes downstream report as backpressure.
    for (const v of this.job.vertices) {
      if (!v.source) continue;
      const points = this.history.get(v.node.id);
      const prev = points?.at(-1);
      blockedShare.set(
        v.node.id,
        prev && t > prev.t
          ? Math.min(1, Math.max(0, (v.metrics.blockedMs - prev.blocked) / (t - prev.t)))
          : 0,
      );
    }
    const nodes: NodeTelemetry[] = this.job.vertices.map((v) => {
      const m = v.metrics;
      const points = this.history.get(v.node.id) ?? [];
      points.push({ t, in: m.recordsIn, out: m.recordsOut, blocked: m.blockedMs, busy: m.busyMs });
      while (points.length > 2 && points[0]!.t < t - HISTORY_MS) points.shift();
      this.history.set(v.node.id, points);
      const since = (ms: number) => points.find((p) => p.t >= t - ms) ?? points[0]!;
      const rate = (from: Point, field: 'in' | 'out') =>
        t > from.t
          ? ((m[field === 'in' ? 'recordsIn' : 'recordsOut'] - from[field]) * 1000) / (t - from.t)
          : 0;
      const last1 = since(1000);
      const last10 = points[0]!;
      const isSink = v.node.def.kind === 'sink';
      if (isSink) {
        const perSecond = rate(last1, 'in');
        m.sampleEvery = Math.max(1, Math.round(perSecond / SAMPLES_PER_SECOND));
        if (m.sampleCountdown > m.sampleEvery) m.sampleCountdown = m.sampleEvery;
      }
      const latencyUs = percentiles(m.recentLatency);
      m.recentLatency.reset();
      const wm = m.watermark;
      const sources = this.upstreamSources.get(v.node.id) ?? [];
      return {
        nodeId: v.node.id,
        recordsIn: m.recordsIn,
        recordsOut: m.recordsOut,
        rateIn1s: rate(last1, 'in'),
        rateOut1s: rate(last1, 'out'),
        rateIn10s: rate(last10, 'in'),
        rateOut10s: rate(last10, 'out'),
        latencyUs,
        lateRecords: m.lateRecords,
        dropped: m.dropped,
        deadLetters: m.deadLetters,
        backpressure: isSink ? 0 : Math.max(0, ...sources.map((s) => blockedShare.get(s) ?? 0)),
        busy: t > last1.t ? Math.min(1, Math.max(0, (m.busyMs - last1.busy) / (t - last1.t))) : 0,
        state: this.job.stateSize(v.node.id),
        watermark: wm === Number.POSITIVE_INFINITY ? 'end' : Number.isFinite(wm) ? wm : null,
        watermarkLagMs: Number.isFinite(wm) ? Math.max(0, t - wm) : null,
        connection: connectionOf(m.connection),
      };
    });
    const job = this.job;
    const last = job.lastCheckpoint;
    this.last = {
      runId: this.runId,
      t,
      status: statusOf(job),
      nodes,
      checkpoints: this.checkpointing
        ? {
            completed: job.checkpointsCompleted,
            failed: job.checkpointsFailed,
            last: last && {
              id: last.id,
              at: last.at,
              durationMs: last.durationMs,
              bytes: last.size,
            },
          }
        : null,
    };
    return this.last;
  }

  /** The samples each sink kept since the last call, taken out of the job. */
  takeSamples(): SamplesMessage[] {
    const t = this.now();
    const messages: SamplesMessage[] = [];
    for (const v of this.job.vertices) {
      if (v.node.def.kind !== 'sink' || v.metrics.samples.length === 0) continue;
      const records = v.metrics.samples.splice(0).slice(-Math.ceil(SAMPLES_PER_SECOND / 2));
      messages.push({ runId: this.runId, nodeId: v.node.id, t, records });
    }
    return messages;
  }
}

/**
 * A copy of a connector's connection state (its client keeps changing the original), with the
 * total lag; null for a node without a connection.
 */
export function connectionOf(c: ConnectionState): NodeTelemetry['connection'] {
  if (c.status === null) return null;
  let lagTotal: number | null = null;
  if (c.lag) {
    lagTotal = 0;
    for (const partition in c.lag) lagTotal += c.lag[partition]!;
  }
  return { status: c.status, error: c.error, lag: c.lag && { ...c.lag }, lagTotal };
}

export function statusOf(job: Job): TelemetryMessage['status'] {
  return job.status === 'created' ? 'running' : job.status;
}
