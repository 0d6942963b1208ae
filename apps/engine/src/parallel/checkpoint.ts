// Checkpoints of a run in parallel: one consistent cut across the workers, as Flink's aligned
// checkpoints give. The coordinator raises a barrier at each source's first unclaimed block
// (blocks.ts): every block before it is read and goes through the graph, none at or after it
// (a worker reaching such a block holds it, job.ts). Once every worker's sources are held or
// ended and every message sent between workers has been taken (counted per pair of workers),
// nothing moves: each worker takes its cut (state, watermarks, counters, its exchange's merges),
// the sinks flush, and the sources go on. A restore at the same parallelism puts each worker's
// cut back and starts the sources' blocks at the barrier.
import { stat } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import type {
  Checkpoint,
  NodeCheckpoint,
  ParallelCheckpoint,
  WorkerCut,
} from '../checkpoint/checkpoint.js';
import type { SourceBlocks } from './blocks.js';
import type { CoordinatorMessage, WorkerMessage } from './worker.js';

type Quiet = Extract<WorkerMessage, { t: 'quiet' }>;
type Cut = Extract<WorkerMessage, { t: 'cut' }>;

export interface CutPlan {
  /** Per source, its blocks (shared with the workers). */
  blocks: Map<string, SourceBlocks>;
  /** File sinks every worker appends to: their length is what the checkpoint keeps. */
  sharedFiles: { nodeId: string; path: string }[];
  /** The run's source nodes, and those of them read by blocks, and records per block. */
  sources: string[];
  byBlocks: string[];
  blockSize: number;
}

interface Taking {
  id: number;
  quiet: (Quiet | null)[];
  cuts: (Cut | null)[];
  wake: () => void;
  abandoned: string | null;
}

/** The coordinator's side of checkpoints in parallel (one at a time). */
export class Checkpointer {
  private taking: Taking | null = null;

  constructor(
    private readonly workers: Worker[],
    private readonly plan: CutPlan,
    private readonly meta: { name: string; fingerprint: string },
  ) {}

  get busy(): boolean {
    return this.taking !== null;
  }

  /** What a worker said about checkpoints (the run's other messages are not for here). */
  onMessage(index: number, m: WorkerMessage): void {
    const taking = this.taking;
    if (!taking) return;
    if (m.t === 'quiet' && m.id === taking.id) taking.quiet[index] = m;
    else if (m.t === 'cut' && m.id === taking.id) taking.cuts[index] = m;
    else return;
    taking.wake();
  }

  /** A worker ended or failed: a checkpoint in progress cannot be completed. */
  abandon(why: string): void {
    if (!this.taking) return;
    this.taking.abandoned = why;
    this.taking.wake();
  }

  /** Takes checkpoint `id`; rejects when it cannot (the run ended during it). */
  async take(id: number): Promise<Checkpoint> {
    const started = Date.now();
    const n = this.workers.length;
    let wake = () => {};
    const taking: Taking = {
      id,
      quiet: new Array<Quiet | null>(n).fill(null),
      cuts: new Array<Cut | null>(n).fill(null),
      wake: () => wake(),
      abandoned: null,
    };
    this.taking = taking;
    const until = async (done: () => boolean) => {
      while (!done() && taking.abandoned === null)
        await new Promise<void>((resolve) => (wake = resolve));
      if (taking.abandoned !== null) throw new Error(`checkpoint ${id}: ${taking.abandoned}`);
    };
    const barriers: Record<string, number> = {};
    try {
      for (const source of this.plan.sources)
        barriers[source] = this.plan.blocks.get(source)!.raise(id);
      this.tell({ t: 'barrier', id });
      await until(() => quietEverywhere(taking.quiet));
      this.tell({ t: 'cut', id });
      await until(() => taking.cuts.every((c) => c !== null));
      const failed = taking.cuts.find((c) => c !== null && 'failed' in c);
      if (failed && 'failed' in failed) throw new Error(`checkpoint ${id}: ${failed.failed}`);
      const cuts = taking.cuts.map((c) => (c as Extract<Cut, { cut: WorkerCut }>).cut);
      // Every worker has flushed and is held: the shared files are as long as the cut says.
      const lengths = new Map<string, number>();
      for (const file of this.plan.sharedFiles)
        lengths.set(
          file.nodeId,
          await stat(file.path).then(
            (s) => s.size,
            () => 0,
          ),
        );
      return this.checkpoint(id, started, barriers, cuts, lengths);
    } finally {
      this.taking = null;
      for (const source of this.plan.sources) this.plan.blocks.get(source)!.lower();
      this.tell({ t: 'resume', id });
    }
  }

  /** Checkpoint `id` is durable: the workers' sinks commit what it holds. */
  durable(id: number): void {
    this.tell({ t: 'durable', id });
  }

  private tell(m: CoordinatorMessage): void {
    for (const worker of this.workers) worker.postMessage(m);
  }

  private checkpoint(
    id: number,
    started: number,
    barriers: Record<string, number>,
    cuts: WorkerCut[],
    lengths: Map<string, number>,
  ): Checkpoint {
    // A source read by blocks restarts its input and skips the blocks before the barrier; a
    // shared file is cut back to its length by the coordinator: neither keeps a worker's own
    // position. A source read by partitions keeps each worker's offsets.
    const positionless = new Set([...this.plan.byBlocks, ...lengths.keys()]);
    const workers = cuts.map((cut) => ({
      ...cut,
      nodes: Object.fromEntries(
        Object.entries(cut.nodes).map(([nodeId, node]) => {
          if (!positionless.has(nodeId)) return [nodeId, node];
          const { state: _state, ...rest } = node;
          return [nodeId, rest];
        }),
      ),
    }));
    const parallel: ParallelCheckpoint = {
      count: cuts.length,
      blockSize: this.plan.blockSize,
      barriers,
      workers,
    };
    return {
      format: 1,
      id,
      pipeline: this.meta.fingerprint,
      name: this.meta.name,
      takenAt: started,
      durationMs: Date.now() - started,
      nodes: summed(workers, lengths),
      deadLetterTotal: workers.reduce((t, w) => t + w.deadLetterTotal, 0),
      parallel,
    };
  }
}

/** Every worker is quiet, and every message one sent another has been taken. */
function quietEverywhere(quiet: (Quiet | null)[]): boolean {
  if (quiet.some((q) => q === null)) return false;
  const all = quiet as Quiet[];
  for (let a = 0; a < all.length; a++)
    for (let b = 0; b < all.length; b++)
      if (a !== b && all[a]!.sent[b] !== all[b]!.received[a]) return false;
  return true;
}

/** The workers' nodes as one: counters summed, worker 0's watermarks, a shared file's length. */
function summed(
  workers: WorkerCut[],
  lengths: Map<string, number>,
): Record<string, NodeCheckpoint> {
  const nodes: Record<string, NodeCheckpoint> = {};
  for (const [nodeId, first] of Object.entries(workers[0]!.nodes)) {
    const all = workers.map((w) => w.nodes[nodeId]!);
    const sum = (k: keyof NodeCheckpoint['counters']) =>
      all.reduce((t, node) => t + node.counters[k], 0);
    const { state: _state, ...rest } = first;
    const length = lengths.get(nodeId);
    nodes[nodeId] = {
      ...rest,
      ...(length !== undefined ? { state: { bytes: length } } : {}),
      counters: {
        recordsIn: sum('recordsIn'),
        recordsOut: sum('recordsOut'),
        deadLetters: sum('deadLetters'),
        lateRecords: sum('lateRecords'),
        dropped: sum('dropped'),
      },
    };
  }
  return nodes;
}
