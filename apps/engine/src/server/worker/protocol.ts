import type {
  PeekResponse,
  PipelineDocument,
  Problem,
  SamplesMessage,
  TelemetryMessage,
} from '@rivulet/shared-types';
import type { Checkpoint } from '../../checkpoint/checkpoint.js';
import type { DeadLetter, JobResult } from '../../job.js';

/** What a run's worker is started with: plain data only (it crosses a thread). */
export interface WorkerInput {
  runId: string;
  document: PipelineDocument;
  /** `<data>/files`: the only folder the run's files may be in. */
  filesDir: string;
  /** One Int32: the busy node's position + 1, written by the job, read by the watchdog. */
  busy: SharedArrayBuffer;
  /** Telemetry messages a second. */
  hz: number;
  /** Checkpoints into `dir` every `everyMs`; with `resume`, first restore the latest there. */
  checkpoints: { dir: string; everyMs: number; resume: boolean } | null;
  /** State to start from (a savepoint matched to this version), when not resuming. */
  restore: Checkpoint | null;
}

/** What a tick carries: the figures, the sinks' samples, and the dead letters new since the last. */
export interface TickPayload {
  telemetry: TelemetryMessage;
  samples: SamplesMessage[];
  deadLetters: DeadLetter[];
  deadLetterTotal: number;
}

export type FromWorker =
  /** The job was built and runs (from this checkpoint when it resumed). */
  | { type: 'started'; restored: number | null; startedEmpty: string[] }
  /** The job could not be built (a problem found by an operator's create). */
  | { type: 'refused'; problems: Problem[] }
  | ({ type: 'tick' } & TickPayload)
  /** The job ended (its sinks closed); the last tick comes with it. */
  | ({ type: 'done'; result: JobResult; savepoint: Checkpoint | null } & TickPayload)
  /** A line printed by sink.console. */
  | { type: 'print'; line: string }
  /** The answer to a peek: the records on the port, or null when the job has no such port. */
  | { type: 'peek'; id: number; answer: PeekResponse | null };

/** Stop reading; with `savepoint`, take a last checkpoint before the sinks close. */
export type ToWorker =
  | { type: 'stop'; savepoint: boolean }
  /** The last records on a node's output port (sampling it for a while from now). */
  | { type: 'peek'; id: number; node: string; port: string };
