import { z } from 'zod';
import { Id, RunStatus } from './api.js';
import { SamplesMessage, TelemetryMessage } from './telemetry.js';

/** What happened to a run, recorded by the server as it happens (the run's log). */
export const RunLogKind = z.enum([
  'started',
  'recovering',
  'running',
  'checkpoint-failed',
  'dead-letters',
  'connection',
  'finished',
  'stopped',
  'failed',
]);
export type RunLogKind = z.infer<typeof RunLogKind>;

export const RunLogEntry = z.object({
  /** ms since epoch. */
  t: z.number(),
  kind: RunLogKind,
  /** A warning (a failed checkpoint, a lost connection) or a failure, as opposed to news. */
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  nodeId: z.string().optional(),
});
export type RunLogEntry = z.infer<typeof RunLogEntry>;

/**
 * A run's kept telemetry: sent on subscribe before live messages (socket event `history`) and
 * by GET /api/runs/:id/telemetry. Telemetry is downsampled as it ages (1 s points for the last
 * 2 minutes, 10 s points up to 15 minutes); samples are each sink's last records.
 */
export const RunHistory = z.object({
  runId: Id,
  pipelineId: Id,
  status: RunStatus,
  /** False for a run whose history is no longer in memory (older runs, a server restart): empty lists. */
  kept: z.boolean(),
  /** ms since epoch from which the history is complete: the run's start, or when this server began following it. */
  since: z.number(),
  /** Oldest first; every point carries its own time `t`. */
  telemetry: z.array(TelemetryMessage),
  /** Oldest first, several sinks interleaved in arrival order. */
  samples: z.array(SamplesMessage),
  log: z.array(RunLogEntry),
});
export type RunHistory = z.infer<typeof RunHistory>;

// The socket event that carries it, beside the others of telemetry.ts.
declare module './telemetry.js' {
  interface ServerToClientEvents {
    /** A run's history, sent once right after a subscribe is accepted, before live messages. */
    history: (message: RunHistory) => void;
  }
}
