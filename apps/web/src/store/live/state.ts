/**
 * The live store's state, its initial value and the actions of its slices, declared apart from
 * the store so that the slices (session, run, savepoint actions) read them without importing
 * the store that imports them.
 */
import type {
  CheckpointTelemetry,
  NodeTelemetry,
  PipelineDocument,
  Problem,
  RunStatus,
  RunSummary,
} from '@rivulet/shared-types';
import type { ProblemIndex } from '../../graph/problems';
import type { RunOrigin } from '../../pipelines/runOrigin';
import type { RunBuffers, SampleRow } from './buffers';

/** The run's status as the engine reports it, or 'idle' before there is a run. */
export type LiveRunStatus = 'idle' | RunStatus;

/** A run that is live: running, or resuming from its checkpoint after the server restarted. */
export const isLive = (status: LiveRunStatus): boolean =>
  status === 'running' || status === 'recovering';

/**
 * The open pipeline, its current run and that run's telemetry. Series live in `buffers`
 * (fixed-size rings, mutated in place); `tick` changes with every message so charts redraw.
 */
export interface LiveState {
  pipelineId: string | null;
  /** The saved version of the open pipeline (null before it is loaded). */
  version: number | null;
  /** The document monitoring reads sinks and widgets from: the run's, else the saved one. */
  doc: PipelineDocument | null;
  runId: string | null;
  runStatus: LiveRunStatus;
  runStartedAt: number | null;
  /** Why the run failed, naming the node when the engine knows it. */
  runError: RunSummary['error'];
  /** A start or stop under way ('savepointing': a stop with savepoint). */
  busy: 'starting' | 'stopping' | 'savepointing' | null;
  /** The last refusal of a start or stop: its message and the validator's problems. */
  actionError: { message: string; problems: Problem[] } | null;
  /**
   * A start from a savepoint refused because saved state does not fit the current version:
   * its problems show on their nodes until it is retried, dismissed or another run starts.
   */
  restoreRefusal: RestoreRefusal | null;
  /** The run's recoveries, the savepoint it started from and the one its stop took. */
  origin: RunOrigin;
  /** The run's checkpoint figures from its latest telemetry (null: it takes none). */
  checkpoints: CheckpointTelemetry | null;
  /** Latest telemetry per node id of the current run. */
  latest: Record<string, NodeTelemetry>;
  lateRecords: number;
  deadLetters: number;
  /** Records per second read by the sources. */
  totalRate: number;
  buffers: RunBuffers | null;
  /**
   * From when the run's monitoring is complete (ms since epoch): the start of the history the
   * engine replayed on subscribe (the run's start, or its recovery). Null before it arrives.
   */
  historySince: number | null;
  /** Bumped by every telemetry message. */
  tick: number;
  /** Bumped by every samples message. */
  samplesTick: number;
  /** Sink tables the user paused: what they showed when paused. */
  frozen: Record<string, SampleRow[]>;
}

export interface RestoreRefusal {
  savepointId: string;
  message: string;
  problems: Problem[];
  /** The problems by node, for the node cards. */
  index: ProblemIndex;
}

export const NO_ORIGIN: RunOrigin = { recoveries: [], restored: null, savepointId: null };

export const initialLive: LiveState = {
  pipelineId: null,
  version: null,
  doc: null,
  runId: null,
  runStatus: 'idle',
  runStartedAt: null,
  runError: null,
  busy: null,
  actionError: null,
  restoreRefusal: null,
  origin: NO_ORIGIN,
  checkpoints: null,
  latest: {},
  lateRecords: 0,
  deadLetters: 0,
  totalRate: 0,
  buffers: null,
  historySince: null,
  tick: 0,
  samplesTick: 0,
  frozen: {},
};

/** Subscription management: which run the socket follows, and what its messages change. */
export interface SessionActions {
  /** A pipeline was opened: forget the previous one's run (not its own: see below). */
  openPipeline(pipelineId: string, version: number, doc: PipelineDocument): void;
  setVersion(version: number): void;
  /** Follows the pipeline's running run, if it has one (after a reload, or opened directly). */
  resume(pipelineId: string): Promise<void>;
  /** Follows a run: fresh buffers, subscribe. */
  attach(run: RunSummary, doc?: PipelineDocument | null): void;
  /** Leaves the pipeline: unsubscribe and forget everything. */
  detach(): void;
  /** Freezes (or unfreezes) a sink's sample table. */
  pauseSamples(nodeId: string, paused: boolean): void;
}

/** Starting and stopping the open pipeline's run. */
export interface RunActions {
  /** Starts a run of the saved pipeline; `doc` is what was saved (its sinks feed the panels). */
  startRun(doc: PipelineDocument): Promise<boolean>;
  stopRun(): Promise<void>;
  clearActionError(): void;
}

/** How a start ended: 'refused' is an API answer with problems, 'failed' anything else. */
export type StartOutcome =
  | { status: 'started' }
  | { status: 'refused' | 'failed'; error: NonNullable<LiveState['actionError']> };

/** Flink's savepoint actions: stop with one, start from one. */
export interface SavepointActions {
  /** Takes a savepoint, then stops the run; a refusal shows the server's message. */
  stopWithSavepoint(): Promise<void>;
  /**
   * Starts the saved pipeline from a savepoint. Saved state that does not fit the current
   * version is refused (422) and kept in `restoreRefusal`, its problems shown on their nodes;
   * `allowNonRestoredState` starts anyway and drops that state.
   */
  startFromSavepoint(
    doc: PipelineDocument,
    savepointId: string,
    allowNonRestoredState?: boolean,
  ): Promise<StartOutcome | null>;
  dismissRestoreRefusal(): void;
}

export type LiveStore = LiveState & SessionActions & RunActions & SavepointActions;

/** How a slice sets and reads the store (zustand's `set` and `get`). */
export type SetLive = (partial: Partial<LiveState>) => void;
export type GetLive = () => LiveStore;
