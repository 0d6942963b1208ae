import { z } from 'zod';
import { Id, LatencyUs, RunStatus } from './api.js';

/** Live figures of one node, sent about four times a second. */
export const NodeTelemetry = z.object({
  nodeId: z.string(),
  recordsIn: z.number(),
  recordsOut: z.number(),
  /** Records per second in and out over the last second and the last 10 seconds. */
  rateIn1s: z.number(),
  rateOut1s: z.number(),
  rateIn10s: z.number(),
  rateOut10s: z.number(),
  /** Microseconds from a record's read at its source until this node processed it (last second). */
  latencyUs: LatencyUs,
  lateRecords: z.number(),
  /** Records the operator discarded on purpose (e.g. dedupe's duplicates). */
  dropped: z.number(),
  deadLetters: z.number(),
  /**
   * Backpressured: share of the last interval (0–1) that the sources upstream of this node
   * spent blocked on a full sink buffer (the largest of them; 0 for a sink). A job runs on one
   * thread, so it is the same for every node between those sources and the full sink.
   */
  backpressure: z.number(),
  /**
   * Busy: share of wall time (0–1) over the last second that the node spent on its own work
   * (records, watermarks; not the nodes downstream), estimated from one timed record per source
   * batch. The busiest node is the one that limits throughput. Absent from an engine without it.
   */
  busy: z.number().optional(),
  /** Keys and open windows in the node's state; null for a stateless node. */
  state: z.object({ keys: z.number(), windows: z.number() }).nullable(),
  /** ms since epoch; null before the first watermark; +∞ is sent as the string "end". */
  watermark: z.union([z.number(), z.literal('end')]).nullable(),
  /** Watermark lag: wall clock minus the node's watermark in ms (null before one, or at end). */
  watermarkLagMs: z.number().nullable(),
  /** A connector's connection (Kafka, MQTT); null for a node without one. */
  connection: z
    .object({
      status: z.enum(['connecting', 'connected', 'reconnecting']),
      /** The last connection error in plain words while not connected, else null. */
      error: z.string().nullable(),
      /** Records behind the end of each partition (a Kafka source's lag), by partition. */
      lag: z.record(z.string(), z.number()).nullable(),
      /** The sum of `lag`; null when the lag is not known. */
      lagTotal: z.number().nullable(),
    })
    .nullable()
    .default(null),
});
export type NodeTelemetry = z.infer<typeof NodeTelemetry>;

/** A run's checkpoints so far (as Flink's checkpoint tab): null when it takes none. */
export const CheckpointTelemetry = z.object({
  completed: z.number(),
  failed: z.number(),
  /** The last completed one: its id, when it was taken, how long until durable, its size. */
  last: z
    .object({ id: z.number(), at: z.number(), durationMs: z.number(), bytes: z.number() })
    .nullable(),
});
export type CheckpointTelemetry = z.infer<typeof CheckpointTelemetry>;

export const TelemetryMessage = z.object({
  runId: Id,
  t: z.number(),
  status: RunStatus,
  nodes: z.array(NodeTelemetry),
  checkpoints: CheckpointTelemetry.nullable().default(null),
});
export type TelemetryMessage = z.infer<typeof TelemetryMessage>;

/** Samples of a sink's records (about 20 a second per sink at most). */
export const SamplesMessage = z.object({
  runId: Id,
  nodeId: z.string(),
  t: z.number(),
  records: z.array(z.unknown()),
});
export type SamplesMessage = z.infer<typeof SamplesMessage>;

export const StatusMessage = z.object({
  runId: Id,
  pipelineId: Id,
  status: RunStatus,
  error: z.object({ nodeId: z.string().optional(), message: z.string() }).nullable(),
});
export type StatusMessage = z.infer<typeof StatusMessage>;

export const SubscribeMessage = z.strictObject({ runId: Id });
export type SubscribeMessage = z.infer<typeof SubscribeMessage>;

/** Socket.io events, server to client. */
export interface ServerToClientEvents {
  telemetry: (message: TelemetryMessage) => void;
  samples: (message: SamplesMessage) => void;
  status: (message: StatusMessage) => void;
  /** A refused client message: what was wrong. */
  problem: (message: { event: string; message: string }) => void;
}

/** Socket.io events, client to server; each answers through its acknowledgement. */
export interface ClientToServerEvents {
  subscribe: (
    message: SubscribeMessage,
    ack?: (reply: { ok: boolean; message?: string }) => void,
  ) => void;
  unsubscribe: (
    message: SubscribeMessage,
    ack?: (reply: { ok: boolean; message?: string }) => void,
  ) => void;
}
