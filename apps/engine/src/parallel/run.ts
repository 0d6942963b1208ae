import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Problem } from '@rivulet/shared-types';
import type { DeadLetter, JobResult } from '../job.js';
import type { NodeSummary } from '../metrics.js';
import { nodeIO } from '../io.js';
import { planPipeline } from '../plan.js';
import type { ValidPipeline } from '../validate.js';
import { placePipeline, type Placement } from './placement.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

/** The worker's compiled entry: beside this file in dist/, or in dist/ when running from src/ (tests). */
const here = fileURLToPath(import.meta.url);
const WORKER_ENTRY = here.endsWith('.ts')
  ? here.replace(/([\\/])src([\\/].*)run\.ts$/, '$1dist$2worker.js')
  : here.replace(/run\.js$/, 'worker.js');

export interface ParallelOptions {
  /** Folder the pipeline's file paths are relative to (as validated); none: as written. */
  baseDir?: string;
  print?: (line: string) => void;
}

/** Why a validated pipeline cannot run in parallel (no problems: it can). */
export function parallelProblems(pipeline: ValidPipeline): Problem[] {
  const placed = placePipeline(pipeline, planPipeline(pipeline));
  return placed.ok ? [] : placed.problems;
}

/**
 * A run of a pipeline in `settings.parallelism` worker threads (placement.ts says which node
 * runs where); the same results as one thread, as multisets. Checkpoints are not taken.
 */
export class ParallelJob {
  readonly deadLetters: DeadLetter[] = [];
  private readonly workers: Worker[] = [];
  private stopped = false;
  private readonly placement: Map<string, Placement>;

  constructor(
    readonly pipeline: ValidPipeline,
    private readonly options: ParallelOptions = {},
  ) {
    const placed = placePipeline(pipeline, planPipeline(pipeline));
    if (!placed.ok) throw new Error(placed.problems.map((p) => p.message).join('; '));
    this.placement = placed.value.placement;
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
    // A file sink in every worker appends to its file: empty (or create) it first.
    for (const node of this.pipeline.nodes)
      if (node.def.type === 'sink.file' && this.placement.get(node.id) !== 'global')
        await nodeIO(() => {})
          .openWriter((node.params as { path: string }).path)
          .close();
    // Per source, the next block unclaimed, shared by the workers.
    const blocks = Object.fromEntries(
      this.pipeline.nodes
        .filter((node) => node.def.kind === 'source')
        .map((node) => [node.id, new SharedArrayBuffer(4)]),
    );
    const done = Array.from({ length: n }, (_, index) => {
      const input: WorkerInput = {
        doc: this.pipeline.doc,
        baseDir: this.options.baseDir ?? null,
        index,
        count: n,
        ports: ports[index]!,
        blocks,
      };
      const worker = new Worker(WORKER_ENTRY, {
        workerData: { parallelWorker: input },
        transferList: ports[index]!.filter((p): p is MessagePort => p !== null),
        execArgv: [],
      });
      this.workers.push(worker);
      if (this.stopped) worker.postMessage({ t: 'stop' });
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
        worker.on('message', (m: WorkerMessage) => {
          if (m.t === 'print') (this.options.print ?? console.log)(m.line);
          else if (m.t === 'failed') failed(`worker ${index}: ${m.message}`);
          else {
            settled = true;
            this.deadLetters.push(...m.deadLetters);
            if (m.result.status === 'failed') this.stop();
            resolve(m.result);
          }
        });
        worker.on('error', (error) => failed(`worker ${index}: ${error.message}`));
        worker.on('exit', (code) => failed(`worker ${index} exited (${code})`));
      });
    });
    const results = await Promise.all(done);
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.deadLetters.sort((a, b) => a.at - b.at);
    this.deadLetters.forEach((d, i) => (d.seq = i + 1));
    return this.merge(results, Date.now() - started);
  }

  /**
   * Stops every worker (windows still open are not fired, as one thread's stop). No savepoint:
   * a run in parallel takes no checkpoints.
   */
  stop(_options: { savepoint?: boolean } = {}): void {
    this.stopped = true;
    for (const w of this.workers) w.postMessage({ t: 'stop' });
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
