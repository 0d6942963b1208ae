import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { SPLIT_BLOCK } from '@rivulet/operators';
import type { Problem } from '@rivulet/shared-types';
import type { Checkpoint } from '../checkpoint/checkpoint.js';
import type { CheckpointOptions, DeadLetter, JobResult } from '../job.js';
import type { NodeSummary } from '../metrics.js';
import { nodeIO } from '../io.js';
import { planPipeline } from '../plan.js';
import type { ValidPipeline } from '../validate.js';
import { SourceBlocks } from './blocks.js';
import { giveBack, takeWorkers } from './pool.js';
import { Checkpointer } from './checkpoint.js';
import { placePipeline, type Placement } from './placement.js';
import type { CoordinatorMessage, WorkerInput, WorkerMessage } from './worker.js';

export interface ParallelOptions {
  /** Folder the pipeline's file paths are relative to (as validated); none: as written. */
  baseDir?: string;
  print?: (line: string) => void;
  /** Checkpoints across the workers (checkpoint.ts), as a Job's. */
  checkpoints?: CheckpointOptions;
  /** A checkpoint taken in parallel at the same parallelism, to go on from. */
  restore?: Checkpoint;
  /** Records (or lines) per block of a source (SPLIT_BLOCK); a restore takes its checkpoint's. */
  blockSize?: number;
}

/** Per block of a checkpoint that does not say (taken before its block size was kept). */
const FORMER_BLOCK = 1024;

/** Why a validated pipeline cannot run in parallel (no problems: it can). */
export function parallelProblems(pipeline: ValidPipeline): Problem[] {
  const placed = placePipeline(pipeline, planPipeline(pipeline));
  return placed.ok ? [] : placed.problems;
}

/**
 * A run of a pipeline in `settings.parallelism` worker threads (placement.ts says which node
 * runs where); the same results as one thread, as multisets, also across a restore from a
 * checkpoint (checkpoint.ts).
 */
export class ParallelJob {
  readonly deadLetters: DeadLetter[] = [];
  private readonly workers: Worker[] = [];
  private stopped = false;
  private ended = false;
  private readonly placement: Map<string, Placement>;
  private readonly partitioned: Set<string>;
  private checkpointer: Checkpointer | null = null;
  private checkpointId: number;
  private checkpointing: Promise<unknown> = Promise.resolve();
  checkpointsCompleted = 0;
  checkpointsFailed = 0;
  /** The checkpoint a stop with savepoint took. */
  savepoint: Checkpoint | null = null;
  private readonly blockSize: number;

  constructor(
    readonly pipeline: ValidPipeline,
    private readonly options: ParallelOptions = {},
  ) {
    const placed = placePipeline(pipeline, planPipeline(pipeline));
    if (!placed.ok) throw new Error(placed.problems.map((p) => p.message).join('; '));
    this.placement = placed.value.placement;
    this.partitioned = placed.value.partitioned;
    const restore = options.restore;
    if (restore && restore.parallel?.count !== pipeline.parallelism)
      throw new Error(
        `checkpoint ${restore.id} was taken at parallelism ${restore.parallel?.count ?? 1}: it resumes at that parallelism only (keyed state is split by key over the workers)`,
      );
    this.checkpointId = restore?.id ?? 0;
    // The barriers of a checkpoint count its blocks: it goes on with blocks of the same size.
    this.blockSize = restore
      ? (restore.parallel?.blockSize ?? FORMER_BLOCK)
      : (options.blockSize ?? SPLIT_BLOCK);
  }

  get parallelism(): number {
    return this.pipeline.parallelism;
  }

  async run(): Promise<JobResult> {
    const n = this.parallelism;
    const started = Date.now();
    // A port for each pair of workers.
    const ports: (MessagePort | null)[][] = Array.from({ length: n }, () =>
      new Array(n).fill(null),
    );
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++) {
        const { port1, port2 } = new MessageChannel();
        ports[a]![b] = port1;
        ports[b]![a] = port2;
      }
    const restore = this.options.restore?.parallel ?? null;
    // A file sink in every worker appends to its file: empty (or create) it first, or cut it
    // back to the checkpoint's length.
    const sharedFiles = this.pipeline.nodes
      .filter((node) => node.def.type === 'sink.file' && this.placement.get(node.id) !== 'global')
      .map((node) => ({ nodeId: node.id, path: (node.params as { path: string }).path }));
    for (const { nodeId, path } of sharedFiles) {
      const saved = this.options.restore?.nodes[nodeId]?.state as { bytes?: number } | undefined;
      const keep = restore && saved?.bytes !== undefined ? { keepBytes: saved.bytes } : undefined;
      const writer = nodeIO(() => {}).openWriter(path, keep);
      await writer.flush();
      await writer.close();
    }
    // Per source, its blocks: who reads which, where a checkpoint's barrier stands.
    const sources = this.pipeline.nodes.filter((n) => n.def.kind === 'source').map((n) => n.id);
    const memory = Object.fromEntries(
      sources.map((id) => [id, SourceBlocks.memory(restore?.barriers[id] ?? 0)]),
    );
    const blocks = new Map(sources.map((id) => [id, new SourceBlocks(memory[id]!)]));
    const workers = takeWorkers(n);
    const detach: (() => void)[] = [];
    this.workers.push(...workers);
    const done = workers.map((worker, index) => {
      const input: WorkerInput = {
        doc: this.pipeline.doc,
        baseDir: this.options.baseDir ?? null,
        index,
        count: n,
        ports: ports[index]!,
        blocks: memory,
        blockSize: this.blockSize,
        restore: restore?.workers[index] ?? null,
      };
      worker.postMessage(
        { t: 'job', input } satisfies CoordinatorMessage,
        ports[index]!.filter((p): p is MessagePort => p !== null),
      );
      if (this.stopped) worker.postMessage({ t: 'stop' } satisfies CoordinatorMessage);
      return new Promise<JobResult>((resolve) => {
        let settled = false;
        const failed = (message: string) => {
          if (settled) return;
          settled = true;
          // One worker failing stops the others.
          this.stop();
          resolve({
            status: 'failed',
            error: { message },
            nodes: [],
            deadLetters: 0,
            elapsedMs: 0,
          });
        };
        const onMessage = (m: WorkerMessage) => {
          if (m.t === 'print') (this.options.print ?? console.log)(m.line);
          else if (m.t === 'failed') failed(`worker ${index}: ${m.message}`);
          else if (m.t === 'quiet' || m.t === 'cut') this.checkpointer?.onMessage(index, m);
          else {
            this.checkpointer?.abandon(`worker ${index} ended its run`);
            settled = true;
            this.deadLetters.push(...m.deadLetters);
            if (m.result.status === 'failed') this.stop();
            resolve(m.result);
          }
        };
        const onError = (error: Error) => failed(`worker ${index}: ${error.message}`);
        const onExit = (code: number) => failed(`worker ${index} exited (${code})`);
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        detach.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        });
      });
    });
    const checkpoints = this.options.checkpoints;
    this.checkpointer = new Checkpointer(
      this.workers,
      {
        blocks,
        // A source read by partitions keeps its offsets per worker; one read by blocks restarts
        // at the barrier.
        sources,
        byBlocks: sources.filter((id) => !this.partitioned.has(id)),
        blockSize: this.blockSize,
        sharedFiles,
      },
      { name: this.pipeline.doc.name, fingerprint: checkpoints?.fingerprint ?? '' },
    );
    const timer = checkpoints
      ? setInterval(() => {
          if (!this.checkpointer!.busy && !this.stopped && !this.ended)
            this.checkpointing = this.checkpoint(checkpoints).catch(() => {});
        }, checkpoints.everyMs)
      : null;
    const results = await Promise.all(done);
    this.ended = true;
    if (timer) clearInterval(timer);
    this.checkpointer.abandon('the run ended');
    await this.checkpointing;
    for (const d of detach) d();
    // Warm workers go back to the pool after a run that finished everywhere; others end.
    if (results.every((r) => r.status === 'finished')) giveBack(this.workers);
    else await Promise.all(this.workers.map((w) => w.terminate()));
    this.deadLetters.sort((a, b) => a.at - b.at);
    this.deadLetters.forEach((d, i) => (d.seq = i + 1));
    return this.merge(results, Date.now() - started);
  }

  /** Takes a checkpoint and makes it durable; rejects (after telling onFailure) when it cannot. */
  private async checkpoint(options: CheckpointOptions): Promise<Checkpoint> {
    const id = ++this.checkpointId;
    try {
      const checkpoint = await this.checkpointer!.take(id);
      await options.onCheckpoint(checkpoint);
      this.checkpointsCompleted++;
      this.checkpointer!.durable(id);
      return checkpoint;
    } catch (error) {
      if (!this.ended) {
        this.checkpointsFailed++;
        options.onFailure?.(error);
      }
      throw error;
    }
  }

  /**
   * Stops every worker (windows still open are not fired, as one thread's stop). With
   * `savepoint` (and checkpoints), a last checkpoint is taken and made durable first.
   */
  stop(options: { savepoint?: boolean } = {}): void {
    if (this.stopped) return;
    this.stopped = true;
    const checkpoints = this.options.checkpoints;
    const stopWorkers = () => {
      for (const w of this.workers) w.postMessage({ t: 'stop' } satisfies CoordinatorMessage);
    };
    if (!options.savepoint || !checkpoints || !this.checkpointer || this.ended) {
      stopWorkers();
      return;
    }
    this.checkpointing = (async () => {
      await this.checkpointing;
      try {
        const savepoint = await this.checkpoint(checkpoints);
        await checkpoints.onSavepoint?.(savepoint);
        this.savepoint = savepoint;
      } catch {
        // Told to onFailure; the stop goes on without a savepoint.
      }
      stopWorkers();
    })();
  }

  /** One result: counters summed over the workers that run each node. */
  private merge(results: JobResult[], elapsedMs: number): JobResult {
    const failed = results.find((r) => r.status === 'failed');
    const status = failed
      ? 'failed'
      : results.every((r) => r.status === 'finished')
        ? 'finished'
        : 'stopped';
    const nodes: NodeSummary[] = this.pipeline.nodes.map((node) => {
      const own = results
        .map((r) => r.nodes.find((s) => s.nodeId === node.id))
        .filter((s): s is NodeSummary => s !== undefined)
        .filter((_, w) => this.placement.get(node.id) !== 'global' || w === 0);
      const sum = (k: 'recordsIn' | 'recordsOut' | 'deadLetters' | 'lateRecords' | 'dropped') =>
        own.reduce((t, s) => t + s[k], 0);
      const busiest = own.reduce<NodeSummary | undefined>(
        (a, s) => (a === undefined || s.recordsIn > a.recordsIn ? s : a),
        undefined,
      );
      return {
        nodeId: node.id,
        type: node.def.type,
        recordsIn: sum('recordsIn'),
        recordsOut: sum('recordsOut'),
        deadLetters: sum('deadLetters'),
        lateRecords: sum('lateRecords'),
        dropped: sum('dropped'),
        latencyUs: busiest?.latencyUs ?? { p50: null, p95: null, p99: null, max: null },
      };
    });
    return {
      status,
      ...(failed?.error ? { error: failed.error } : {}),
      nodes,
      deadLetters: results.reduce((t, r) => t + r.deadLetters, 0),
      elapsedMs,
    };
  }
}
