import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { OperatorIO } from '@rivulet/operators';
import type {
  DeadLetterPage,
  Result,
  RunSummary,
  StatusMessage,
  TelemetryMessage,
} from '@rivulet/shared-types';
import { Job, problemOf } from '../job.js';
import type { PathCheck } from '../validate.js';
import { validatePipeline } from '../validate.js';
import type { Store } from './store.js';
import { RunTelemetry, statusOf } from './telemetry.js';

export interface ActiveRun {
  id: string;
  pipelineId: string;
  pipelineVersion: number;
  startedAt: number;
  job: Job;
  telemetry: RunTelemetry;
  done: Promise<void>;
}

/** Most runs at once; more are refused with 429 so that one server is never swamped. */
export const MAX_ACTIVE_RUNS = 16;

/**
 * Starts, stops and tracks runs. Each run is a Job in this process: a failure inside one is
 * caught by its Job and marks only that run failed.
 */
export class RunManager extends EventEmitter<{
  status: [StatusMessage];
  final: [TelemetryMessage];
}> {
  readonly active = new Map<string, ActiveRun>();

  constructor(
    private readonly store: Store,
    private readonly io: OperatorIO,
    private readonly checkPath: PathCheck,
  ) {
    super();
  }

  /** Validates the saved pipeline's current version and starts it. */
  start(pipelineId: string): Result<RunSummary> & { status?: number } {
    const saved = this.store.getPipeline(pipelineId);
    if (!saved)
      return { ok: false, status: 404, problems: [{ message: `no pipeline "${pipelineId}"` }] };
    if (this.active.size >= MAX_ACTIVE_RUNS) {
      return {
        ok: false,
        status: 429,
        problems: [{ message: `${MAX_ACTIVE_RUNS} runs are already running: stop one first` }],
      };
    }
    const valid = validatePipeline(saved.document, { checkPath: this.checkPath });
    if (!valid.ok) return { ok: false, status: 422, problems: valid.problems };
    let job: Job;
    try {
      job = new Job(valid.value, { io: this.io });
    } catch (error) {
      return { ok: false, status: 422, problems: [problemOf(error)] };
    }
    const id = randomUUID();
    const startedAt = Date.now();
    this.store.createRun({ id, pipelineId, pipelineVersion: saved.version, startedAt });
    const run: ActiveRun = {
      id,
      pipelineId,
      pipelineVersion: saved.version,
      startedAt,
      job,
      telemetry: new RunTelemetry(id, job),
      done: Promise.resolve(),
    };
    this.active.set(id, run);
    run.done = job.run().then((result) => {
      this.store.finishRun(id, {
        status:
          result.status === 'created' || result.status === 'running' ? 'stopped' : result.status,
        finishedAt: Date.now(),
        error: result.error ?? null,
        metrics: result.nodes,
        deadLetters: result.deadLetters,
        kept: job.deadLetters,
      });
      this.emit('final', run.telemetry.tick());
      this.active.delete(id);
      this.announce(run);
    });
    this.announce(run);
    return { ok: true, value: this.summary(id)! };
  }

  stop(runId: string): Promise<RunSummary | null> | null {
    const run = this.active.get(runId);
    if (!run) return null;
    run.job.stop();
    return run.done.then(() => this.summary(runId));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)));
  }

  summary(runId: string): RunSummary | null {
    const run = this.active.get(runId);
    const stored = this.store.getRun(runId);
    if (!run || !stored) return stored;
    return { ...stored, status: statusOf(run.job), deadLetters: run.job.deadLetterTotal };
  }

  deadLetters(runId: string, offset: number, limit: number): DeadLetterPage | null {
    const run = this.active.get(runId);
    if (run) {
      const kept = run.job.deadLetters;
      return {
        total: run.job.deadLetterTotal,
        kept: kept.length,
        offset,
        items: kept.slice(offset, offset + limit),
      };
    }
    const stored = this.store.getRun(runId);
    if (!stored) return null;
    const page = this.store.deadLetters(runId, offset, limit);
    return { total: stored.deadLetters, kept: page.kept, offset, items: page.items };
  }

  private announce(run: ActiveRun): void {
    const summary = this.summary(run.id);
    if (!summary) return;
    this.emit('status', {
      runId: run.id,
      pipelineId: run.pipelineId,
      status: summary.status,
      error: summary.error ?? (run.job.error ? run.job.error : null),
    });
  }
}
