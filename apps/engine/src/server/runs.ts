import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type {
  DeadLetterEntry,
  DeadLetterPage,
  NodeFinal,
  Result,
  RunSummary,
  SamplesMessage,
  StatusMessage,
  TelemetryMessage,
} from '@rivulet/shared-types';
import type { DeadLetter } from '../job.js';
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import type { Checkpoint } from '../checkpoint/checkpoint.js';
import { planRestore, type RestorePlan } from '../checkpoint/compat.js';
import { CheckpointStore, writeAtomically } from '../checkpoint/store.js';
import type { PathCheck, ValidPipeline } from '../validate.js';
import { validatePipeline } from '../validate.js';
import { HistoryKeeper } from './history.js';
import type { Store } from './store.js';
import { RunHandle } from './worker/handle.js';

/** Most runs at once; more are refused with 429 so that one server is never swamped. */
export const MAX_ACTIVE_RUNS = 16;
/** Heap of each run's worker in MB (RIVULET_RUN_HEAP_MB). */
export const DEFAULT_RUN_HEAP_MB = 512;
/** A run whose worker answers nothing for this long is terminated (RIVULET_WATCHDOG_MS). */
export const DEFAULT_WATCHDOG_MS = 10_000;
/** Telemetry messages a second. */
export const TELEMETRY_HZ = 4;
/** A server run takes a checkpoint this often unless its settings say otherwise. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

export interface RunManagerOptions {
  /** `<data>/files`, where every file a run reads or writes must be. */
  filesDir: string;
  checkPath: PathCheck;
  heapMb?: number;
  watchdogMs?: number;
  /** Where sink.console lines go (the server's log). */
  print?: (line: string) => void;
  /** Where savepoints are kept (`<data>/savepoints`); none when absent. */
  savepointsDir?: string;
  /** Where runs keep their checkpoints (`<data>/checkpoints`); none when absent. */
  checkpointsDir?: string;
  /** Rewrites messages shown to users (e.g. no absolute paths of the data directory). */
  redact?: (message: string) => string;
}

export interface ActiveRun {
  id: string;
  pipelineId: string;
  pipelineVersion: number;
  startedAt: number;
  handle: RunHandle;
  /** Each node's operator type. */
  types: Map<string, string>;
  /** Whether the run is in the database (a worker that never started is not). */
  recorded: boolean;
  /** Resolves once the run has ended, been recorded and its slot released. */
  done: Promise<void>;
}

type StartResult = Result<RunSummary> & { status?: number; message?: string };

/**
 * Starts, stops and tracks runs. Each run executes in its own worker thread with a heap limit,
 * so a runaway pipeline (a loop, a flood of state) fails alone: the main thread keeps serving
 * HTTP and sockets and owns the database. A watchdog terminates a worker that stops answering
 * and names the node it was busy in, as Flink cancels a stuck task.
 */
export class RunManager extends EventEmitter<{
  status: [StatusMessage];
  telemetry: [TelemetryMessage];
  samples: [SamplesMessage];
  /** A run's last telemetry, with its final status. */
  final: [TelemetryMessage];
}> {
  readonly active = new Map<string, ActiveRun>();
  /** Each run's recent telemetry, samples and log, for late subscribers and the API. */
  readonly history = new HistoryKeeper();
  /** Pipelines being deleted: they accept no new run. */
  private readonly deleting = new Set<string>();
  private readonly heapMb: number;
  private readonly watchdogMs: number;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly options: RunManagerOptions,
  ) {
    super();
    this.heapMb = options.heapMb ?? DEFAULT_RUN_HEAP_MB;
    this.watchdogMs = options.watchdogMs ?? DEFAULT_WATCHDOG_MS;
    this.watchdog = setInterval(() => this.checkProgress(), Math.min(1000, this.watchdogMs / 4));
    this.watchdog.unref();
    // Registered first, so a message is kept before it is relayed: a subscriber gets the
    // history, then every later message, with nothing missed or repeated in between.
    this.on('telemetry', (m) => this.history.telemetry(m));
    this.on('samples', (m) => this.history.samples(m));
    this.on('final', (m) => this.history.telemetry(m));
    this.on('status', (m) => this.history.status(m));
  }

  /**
   * Validates the saved pipeline's current version and starts it in a worker of its own, from
   * a savepoint when one is named (its state matched to this version: see planRestore).
   */
  async start(
    pipelineId: string,
    from: { savepointId?: string; allowNonRestoredState?: boolean } = {},
  ): Promise<StartResult> {
    const saved = this.store.getPipeline(pipelineId);
    if (!saved)
      return { ok: false, status: 404, problems: [{ message: `no pipeline "${pipelineId}"` }] };
    if (this.deleting.has(pipelineId)) return this.beingDeleted(pipelineId);
    if (this.active.size >= MAX_ACTIVE_RUNS) {
      return {
        ok: false,
        status: 429,
        problems: [{ message: `${MAX_ACTIVE_RUNS} runs are already running: stop one first` }],
      };
    }
    const valid = validatePipeline(saved.document, { checkPath: this.options.checkPath });
    if (!valid.ok) return { ok: false, status: 422, problems: this.redactAll(valid.problems) };
    let plan: RestorePlan | null = null;
    if (from.savepointId !== undefined) {
      const savepoint = this.store.getSavepoint(from.savepointId);
      const state = savepoint?.pipelineId === pipelineId ? this.readSavepoint(savepoint.id) : null;
      if (!state)
        return {
          ok: false,
          status: 404,
          problems: [{ message: `no savepoint "${from.savepointId}" of this pipeline` }],
        };
      const planned = planRestore(state, valid.value, from.allowNonRestoredState ?? false);
      if (!planned.ok)
        return {
          ok: false,
          status: 422,
          message: `savepoint "${from.savepointId}" holds state that does not fit this version`,
          problems: planned.problems,
        };
      plan = planned.value;
    }

    const id = randomUUID();
    const { run, decide } = this.launch({
      id,
      pipelineId,
      pipelineVersion: saved.version,
      startedAt: Date.now(),
      valid: valid.value,
      resume: false,
      restore: plan?.checkpoint ?? null,
    });
    const started = await run.handle.started;
    const refused = !started.ok && !started.crashed;
    if (refused || this.deleting.has(pipelineId) || !this.store.getPipeline(pipelineId)) {
      run.handle.kill('refused');
      decide();
      await run.done;
      if (refused) return { ok: false, status: 422, problems: this.redactAll(started.problems) };
      return this.beingDeleted(pipelineId);
    }
    // Started, or crashed while being built (e.g. out of memory): a run either way, which
    // fails alone with its reason when the worker is gone.
    this.store.createRun({
      id,
      pipelineId,
      pipelineVersion: saved.version,
      startedAt: run.startedAt,
      restored:
        plan && from.savepointId
          ? {
              savepointId: from.savepointId,
              emptyNodes: run.handle.startedEmpty,
              droppedNodes: plan.droppedNodes,
            }
          : null,
    });
    run.recorded = true;
    decide();
    this.announce(run);
    return { ok: true, value: this.summary(id) ?? this.store.getRun(id)! };
  }

  /**
   * A run in a worker of its own. The slot is taken now and given back on every path, once the
   * worker is gone and `decide()` says whether the run is in the database.
   */
  private launch(spec: {
    id: string;
    pipelineId: string;
    pipelineVersion: number;
    startedAt: number;
    valid: ValidPipeline;
    resume: boolean;
    restore: Checkpoint | null;
  }): { run: ActiveRun; decide: () => void } {
    const { id, valid } = spec;
    const everyMs = valid.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    const checkpointDir = this.checkpointDir(id);
    let release!: () => void;
    const run: ActiveRun = {
      id,
      pipelineId: spec.pipelineId,
      pipelineVersion: spec.pipelineVersion,
      startedAt: spec.startedAt,
      types: new Map(valid.nodes.map((n) => [n.id, n.def.type])),
      recorded: false,
      done: new Promise((resolve) => (release = resolve)),
      handle: new RunHandle(
        {
          runId: id,
          document: valid.doc,
          filesDir: this.options.filesDir,
          nodeIds: valid.nodes.map((n) => n.id),
          heapMb: this.heapMb,
          hz: TELEMETRY_HZ,
          checkpoints:
            everyMs > 0 && checkpointDir
              ? { dir: checkpointDir, everyMs, resume: spec.resume }
              : null,
          restore: spec.restore,
        },
        {
          tick: ({ telemetry, samples }) => {
            this.emit('telemetry', telemetry);
            for (const message of samples) this.emit('samples', message);
          },
          print: (line) => this.options.print?.(line),
        },
      ),
    };
    this.active.set(id, run);
    this.history.begin(
      { runId: id, pipelineId: spec.pipelineId, pipelineVersion: spec.pipelineVersion },
      spec.resume ? 'recovering' : 'started',
      spec.resume ? Date.now() : spec.startedAt,
    );
    let decide!: () => void;
    const decided = new Promise<void>((resolve) => (decide = resolve));
    void Promise.all([run.handle.exited, decided]).then(() => {
      try {
        if (run.recorded) this.finish(run);
      } catch (error) {
        console.error(`rivulet: could not record the end of run ${id}`, error);
      } finally {
        // A run refused before it started is no run: nothing of it is kept.
        if (!run.recorded) this.history.forget(id);
        this.active.delete(id);
        release();
      }
    });
    return { run, decide };
  }

  /**
   * At start: each run the last server left running resumes from its latest checkpoint, in a
   * new worker (recovering, then running); one without a checkpoint, or when recovery is off,
   * is marked stopped.
   */
  async recoverInterrupted(enabled: boolean): Promise<{ resumed: number; stopped: number }> {
    let resumed = 0;
    let stopped = 0;
    for (const interrupted of this.store.interruptedRuns()) {
      const dir = this.checkpointDir(interrupted.id);
      const latest = enabled && dir ? new CheckpointStore(dir).latest() : null;
      const version = this.store.getVersion(interrupted.pipelineId, interrupted.pipelineVersion);
      const valid = version
        ? validatePipeline(version.document, { checkPath: this.options.checkPath })
        : null;
      if (!latest || !valid?.ok || this.active.size >= MAX_ACTIVE_RUNS) {
        this.store.closeInterruptedRun(interrupted.id);
        if (dir) new CheckpointStore(dir).clear();
        stopped++;
        continue;
      }
      this.store.recoverRun(interrupted.id, { checkpoint: latest.id, at: Date.now() });
      const { run, decide } = this.launch({
        id: interrupted.id,
        pipelineId: interrupted.pipelineId,
        pipelineVersion: interrupted.pipelineVersion,
        startedAt: interrupted.startedAt,
        valid: valid.value,
        resume: true,
        restore: null,
      });
      run.recorded = true;
      decide();
      this.emit('status', {
        runId: run.id,
        pipelineId: run.pipelineId,
        status: 'recovering',
        error: null,
      });
      resumed++;
      void run.handle.started.then((started) => {
        if (!started.ok || !this.active.has(run.id)) return;
        this.store.setRunStatus(run.id, 'running');
        this.announce(run);
      });
    }
    return { resumed, stopped };
  }

  /** Deletes a savepoint: its record and its file. */
  deleteSavepoint(id: string): boolean {
    if (!this.store.deleteSavepoint(id)) return false;
    if (this.options.savepointsDir)
      rmSync(join(this.options.savepointsDir, `${id}.json`), { force: true });
    return true;
  }

  private readSavepoint(id: string): Checkpoint | null {
    if (!this.options.savepointsDir) return null;
    try {
      return JSON.parse(
        readFileSync(join(this.options.savepointsDir, `${id}.json`), 'utf8'),
      ) as Checkpoint;
    } catch {
      return null;
    }
  }

  /** Keeps the savepoint a stop took: its file (written atomically) and its record. */
  private keepSavepoint(run: ActiveRun, savepoint: Checkpoint): void {
    if (!this.options.savepointsDir) return;
    const id = randomUUID();
    const bytes = writeAtomically(
      join(this.options.savepointsDir, `${id}.json`),
      JSON.stringify(savepoint),
    );
    this.store.addSavepoint({
      id,
      pipelineId: run.pipelineId,
      pipelineVersion: run.pipelineVersion,
      runId: run.id,
      createdAt: Date.now(),
      bytes,
    });
  }

  private checkpointDir(runId: string): string | null {
    return this.options.checkpointsDir ? join(this.options.checkpointsDir, runId) : null;
  }

  /** Stops a run; with `savepoint`, its state is kept as a savepoint to start from later. */
  stop(runId: string, options: { savepoint?: boolean } = {}): Promise<RunSummary | null> | null {
    const run = this.active.get(runId);
    if (!run) return null;
    run.handle.stop(options.savepoint ?? false);
    return run.done.then(() => this.summary(runId));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)));
  }

  /** Stops the pipeline's runs and refuses new ones while `remove` runs (a delete). */
  async whileDeleting<T>(pipelineId: string, remove: () => T): Promise<T> {
    this.deleting.add(pipelineId);
    try {
      await Promise.all(
        [...this.active.values()]
          .filter((r) => r.pipelineId === pipelineId)
          .map((r) => this.stop(r.id)),
      );
      // Its savepoints go with it (their records by the database's cascade, their files here).
      const savepoints = this.store.listSavepoints(pipelineId) ?? [];
      const removed = remove();
      if (removed && this.options.savepointsDir)
        for (const savepoint of savepoints)
          rmSync(join(this.options.savepointsDir, `${savepoint.id}.json`), { force: true });
      return removed;
    } finally {
      this.deleting.delete(pipelineId);
    }
  }

  /** Stops every run and the watchdog (the server is closing). */
  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await this.stopAll();
  }

  summary(runId: string): RunSummary | null {
    const run = this.active.get(runId);
    const stored = this.store.getRun(runId);
    if (!run || !stored) return stored;
    // Recovering until its worker has restored the checkpoint and runs.
    const status = stored.status === 'recovering' ? 'recovering' : 'running';
    return { ...stored, status, deadLetters: run.handle.deadLetterTotal };
  }

  /** The last telemetry of an active run, for a client that subscribes between two ticks. */
  lastTelemetry(runId: string): TelemetryMessage | null {
    return this.active.get(runId)?.handle.lastTelemetry ?? null;
  }

  deadLetters(runId: string, offset: number, limit: number): DeadLetterPage | null {
    const run = this.active.get(runId);
    if (run?.recorded) {
      const kept = run.handle.deadLetters;
      return {
        total: run.handle.deadLetterTotal,
        kept: kept.length,
        offset,
        items: kept.slice(offset, offset + limit).map(entryOf),
      };
    }
    const stored = this.store.getRun(runId);
    if (!stored) return null;
    const page = this.store.deadLetters(runId, offset, limit);
    return { total: stored.deadLetters, kept: page.kept, offset, items: page.items };
  }

  /** Terminates workers that have not answered for watchdogMs, naming the node they were in. */
  private checkProgress(): void {
    const now = performance.now();
    for (const run of this.active.values()) {
      const silent = now - run.handle.lastBeat;
      if (silent <= this.watchdogMs) continue;
      const nodeId = run.handle.busyNode();
      run.handle.kill(
        `no progress for ${(silent / 1000).toFixed(1)} s${nodeId ? ` in node "${nodeId}"` : ''}: the run was stopped (RIVULET_WATCHDOG_MS sets the limit)`,
        nodeId,
      );
    }
  }

  /** Records how the run ended and tells the clients; its last telemetry carries the status. */
  private finish(run: ActiveRun): void {
    const end = run.handle.end();
    const error = end.error ? { ...end.error, message: this.redact(end.error.message) } : null;
    const last = run.handle.lastTelemetry;
    try {
      if (run.handle.savepoint && end.status === 'stopped')
        this.keepSavepoint(run, run.handle.savepoint);
      this.store.finishRun(run.id, {
        status: end.status,
        finishedAt: Date.now(),
        error,
        metrics: end.result?.nodes ?? finalFromTelemetry(last, run.types),
        deadLetters: run.handle.deadLetterTotal,
        kept: run.handle.deadLetters.map(entryOf),
      });
      // Ended for good (not by a crash of the server): nothing to resume.
      const dir = this.checkpointDir(run.id);
      if (dir) new CheckpointStore(dir).clear();
    } finally {
      // The clients hear how it ended even when the database could not keep it.
      if (last) this.emit('final', { ...last, status: end.status });
      this.emit('status', { runId: run.id, pipelineId: run.pipelineId, status: end.status, error });
    }
  }

  private announce(run: ActiveRun): void {
    this.emit('status', {
      runId: run.id,
      pipelineId: run.pipelineId,
      status: 'running',
      error: null,
    });
  }

  private beingDeleted(pipelineId: string): StartResult {
    return {
      ok: false,
      status: 409,
      problems: [{ message: `pipeline "${pipelineId}" is being deleted` }],
    };
  }

  private redact(message: string): string {
    return this.options.redact ? this.options.redact(message) : message;
  }

  private redactAll<P extends { message: string }>(problems: P[]): P[] {
    return problems.map((p) => ({ ...p, message: this.redact(p.message) }));
  }
}

/** A kept dead letter as the API shows it. */
function entryOf({ nodeId, reason, record, at, eventTime }: DeadLetter): DeadLetterEntry {
  return { nodeId, reason, record, at, eventTime };
}

/** Final figures from the last telemetry, for a run whose worker died before its summary. */
function finalFromTelemetry(
  last: TelemetryMessage | null,
  types: Map<string, string>,
): NodeFinal[] {
  return (last?.nodes ?? []).map((n) => ({
    nodeId: n.nodeId,
    type: types.get(n.nodeId) ?? '',
    recordsIn: n.recordsIn,
    recordsOut: n.recordsOut,
    deadLetters: n.deadLetters,
    lateRecords: n.lateRecords,
    dropped: n.dropped,
    latencyUs: n.latencyUs,
  }));
}
