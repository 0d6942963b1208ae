import {
  NO_KEY,
  type Emitter,
  type Key,
  type OperatorNet,
  type OperatorContext,
  type OperatorIO,
  type OperatorRuntime,
  type Rec,
  type SourceBatch,
} from '@rivulet/operators';
import type { DeadLetterEntry, Problem } from '@rivulet/shared-types';
import { MAX_SAMPLES, type NodeMetrics, type NodeSummary } from './metrics.js';
import { preview } from './preview.js';
import {
  fromWatermark,
  pipelineFingerprint,
  toWatermark,
  type Checkpoint,
  type NodeCheckpoint,
} from './checkpoint/checkpoint.js';
import { engineNet } from './connectors/index.js';
import { noop, placeVertices, planPipeline, type Plan, type Tap, type Vertex } from './plan.js';
import type { ValidEdge, ValidPipeline } from './validate.js';

export type { Tap } from './plan.js';

export interface JobOptions {
  io: OperatorIO;
  /** Wall clock in ms. */
  now?: () => number;
  /** Records a source reads per batch. */
  batchSize?: number;
  /** Dead letters kept for inspection (all are counted). */
  deadLetterCapacity?: number;
  /** Characters of kept dead letters at most (each kept as a preview of its record). */
  deadLetterChars?: number;
  /**
   * Where the job publishes the node it is busy in: index 0 holds the vertex's position + 1
   * (0 when idle). A watchdog on another thread reads it when the job stops making progress.
   */
  busy?: Int32Array;
  /** A checkpoint to continue from (same pipeline): state, positions, watermarks, counters. */
  restore?: Checkpoint;
  /** Take a checkpoint every `everyMs` (the first one interval after the start). */
  checkpoints?: CheckpointOptions;
  /** Network clients for connectors (Kafka, MQTT); the engine's own when absent. */
  net?: OperatorNet;
  /** This job is one worker of a run in parallel (parallel/worker.ts). */
  parallel?: ParallelPart;
}

/**
 * What a worker of a run in parallel tells its job: its share of the sources, and the edges
 * that cross workers, whose records and watermarks go to an exchange instead of the target.
 */
export interface ParallelPart {
  /** Whether a node runs in every worker at once (OperatorContext.shared). */
  shared(nodeId: string): boolean;
  /** Each source's share: the blocks it claims, its partitions (OperatorContext.split). */
  split(sourceId: string): NonNullable<OperatorContext['split']>;
  /** The exchange an edge's records and watermarks go to, or null for an edge within the worker. */
  exchange(edge: ValidEdge): { record: Emitter; watermark(wm: number): void } | null;
  /** Index in the current source batch of the record on its way (set before each one). */
  cursor: { index: number };
  /** After each batch (one block) of a source, with the batch. */
  afterBatch(sourceId: string, batch: SourceBatch): void;
  /** A source of this worker has read its last block. */
  sourceEnded(sourceId: string): void;
  /** Resolves once nothing more can arrive from the other workers. */
  drained(): Promise<void>;
  /**
   * Before a source's batch (one block): a checkpoint's barrier at or before the block holds it
   * until the workers' cut is taken (parallel/checkpoint.ts); null: it goes on at once. Called
   * with no block before each read (a source read by partitions is held there).
   */
  gate(sourceId: string, block: number | undefined): Promise<void> | null;
}

export interface CheckpointOptions {
  everyMs: number;
  /** Written into each checkpoint: what recognises its pipeline. */
  fingerprint: string;
  /**
   * Makes a checkpoint durable (e.g. writes it atomically), returning its size in bytes; it is
   * complete once this returns.
   */
  onCheckpoint: (checkpoint: Checkpoint) => number | Promise<number>;
  /**
   * Makes the savepoint of a stop durable, before the sinks commit what it holds (exactly-once)
   * and close. Without it the savepoint is only kept in `job.savepoint`.
   */
  onSavepoint?: (savepoint: Checkpoint) => unknown;
  /** Called when a checkpoint could not be taken or kept; the run goes on. */
  onFailure?: (error: unknown) => void;
}

/**
 * A kept dead letter: the entry the API serves (`DeadLetterEntry`: the record or a cut preview
 * of its JSON text, when, its event time) and its place in the run's buffer.
 */
export type DeadLetter = DeadLetterEntry & {
  /** Position among all the run's dead letters, from 1. */
  seq: number;
  /** Characters it costs in the kept buffer. */
  size: number;
};

/** Dead letters kept per run by default, in count and in characters of their previews. */
export const DEAD_LETTER_CAPACITY = 10_000;
export const DEAD_LETTER_CHARS = 4 * 1024 * 1024;

export type JobStatus = 'created' | 'running' | 'finished' | 'stopped' | 'failed';

export interface JobResult {
  status: JobStatus;
  error?: { nodeId?: string; message: string };
  nodes: NodeSummary[];
  deadLetters: number;
  elapsedMs: number;
}

/** An error raised inside an operator, tagged with the node it came from. */
export class NodeError extends Error {
  constructor(
    readonly nodeId: string,
    cause: unknown,
  ) {
    super(`node "${nodeId}": ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A problem naming the node, for an error thrown while a job was built (e.g. in create). */
export function problemOf(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof NodeError ? { nodeId: error.nodeId, message } : { message };
}

const blame = (error: unknown, nodeId: string): NodeError =>
  error instanceof NodeError ? error : new NodeError(nodeId, error);

/**
 * One run of a validated pipeline. Records travel from each source through its chain of
 * operators as plain function calls over batches; the watermark follows the same path after
 * the record that raised it (spec §3). Sinks that fill their buffers make the sources wait.
 */
export class Job {
  readonly vertices: readonly Vertex[];
  readonly plan: Plan;
  readonly metrics = new Map<string, NodeMetrics>();
  readonly deadLetters: DeadLetter[] = [];
  deadLetterTotal = 0;
  /** Characters of the kept dead letters. */
  private deadLetterSize = 0;
  private readonly deadLetterChars: number;
  readonly busy: Int32Array;
  /** The record being timed for busy figures, shared by all entries (see `timed`). */
  private readonly probe: Probe = { on: false, started: 0, child: 0, weight: 1 };
  status: JobStatus = 'created';
  error: JobResult['error'];
  private readonly byId: ReadonlyMap<string, Vertex>;
  /** In parallel: per edge that crosses workers, its target's entry and watermark slot. */
  private readonly entries = new Map<ValidEdge, Emitter>();
  private readonly watermarkSlots = new Map<ValidEdge, number>();
  private readonly now: () => number;
  private readonly batchSize: number;
  private readonly deadLetterCapacity: number;
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private startedAt = 0;
  private finishedAt = 0;
  /** Checkpoints completed and failed in this run; the id of the last one taken. */
  checkpointsCompleted = 0;
  checkpointsFailed = 0;
  lastCheckpoint: { id: number; at: number; durationMs: number; size: number } | null = null;
  private checkpointId = 0;
  private savepointRequested = false;
  /** The savepoint taken by stop({ savepoint: true }), once the run has ended. */
  savepoint: Checkpoint | null = null;
  /** The checkpoint this run was restored from, if any. */
  restoredFrom: number | null = null;
  /** Nodes that keep state but had none in the checkpoint restored: they start empty. */
  startedEmpty: string[] = [];
  private checkpointing: Promise<void> | null = null;
  /**
   * In parallel, a source's dead letters of a read wait until its batch passes the barrier
   * (a batch held at a checkpoint's barrier belongs after the cut, its bad lines too).
   */
  private readonly deferred = new Map<Vertex, (() => void)[]>();
  private stopSignal: Promise<void> | null = null;

  constructor(
    readonly pipeline: ValidPipeline,
    private readonly options: JobOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.batchSize = options.batchSize ?? 1024;
    this.deadLetterCapacity = options.deadLetterCapacity ?? DEAD_LETTER_CAPACITY;
    this.deadLetterChars = options.deadLetterChars ?? DEAD_LETTER_CHARS;
    this.busy = options.busy ?? new Int32Array(1);

    this.plan = planPipeline(pipeline);
    const placed = placeVertices(this.plan, (edge) => options.parallel?.exchange(edge) ?? null);
    this.vertices = placed.vertices;
    this.byId = placed.byId;
    for (const vertex of this.vertices) this.metrics.set(vertex.node.id, vertex.metrics);
    // Downstream first, so that every emitter can call its targets' entries directly.
    for (let i = this.vertices.length - 1; i >= 0; i--) this.build(this.vertices[i]!);
    if (options.restore) this.restoreFrom(options.restore);
  }

  /**
   * Takes a checkpoint: the synchronous cut first (called between batches, so no record is
   * halfway through the graph), then each sink makes what it was handed durable.
   */
  async checkpoint(id: number, fingerprint: string): Promise<Checkpoint> {
    const started = this.now();
    const { nodes, deadLetterTotal } = this.cut();
    await this.flushSinks();
    return {
      format: 1,
      id,
      pipeline: fingerprint,
      name: this.pipeline.doc.name,
      takenAt: started,
      durationMs: this.now() - started,
      nodes,
      deadLetterTotal,
    };
  }

  /** The synchronous cut of a checkpoint: every node's state, watermarks and counters. */
  cut(): { nodes: Record<string, NodeCheckpoint>; deadLetterTotal: number } {
    const nodes: Record<string, NodeCheckpoint> = {};
    for (const v of this.vertices) {
      const m = v.metrics;
      const state = checkpointable(v)?.snapshot?.();
      nodes[v.node.id] = {
        type: v.node.def.type,
        params: v.node.raw.params,
        ...(state !== undefined ? { state } : {}),
        watermark: toWatermark(m.watermark),
        inputs: v.inputWatermarks.map(toWatermark),
        ...(v.source ? { source: { maxTs: toWatermark(v.maxTs), done: v.sourceDone } } : {}),
        counters: {
          recordsIn: m.recordsIn,
          recordsOut: m.recordsOut,
          deadLetters: m.deadLetters,
          lateRecords: m.lateRecords,
          dropped: m.dropped,
        },
      };
    }
    return { nodes, deadLetterTotal: this.deadLetterTotal };
  }

  /** Each sink makes what it was handed durable (the second part of a checkpoint). */
  async flushSinks(): Promise<void> {
    await Promise.all(
      this.vertices.map(async (v) => {
        try {
          await checkpointable(v)?.flush?.();
        } catch (error) {
          throw blame(error, v.node.id);
        }
      }),
    );
  }

  /** Puts back what a checkpoint holds; called once, before the run. */
  private restoreFrom(checkpoint: Checkpoint): void {
    this.deadLetterTotal = checkpoint.deadLetterTotal;
    this.checkpointId = checkpoint.id;
    this.restoredFrom = checkpoint.id;
    for (const v of this.vertices) {
      const saved = checkpoint.nodes[v.node.id];
      if (saved?.state === undefined && checkpointable(v)?.snapshot)
        this.startedEmpty.push(v.node.id);
      if (!saved) continue;
      const m = v.metrics;
      Object.assign(m, saved.counters);
      m.inAtBatchStart = m.recordsIn;
      m.watermark = fromWatermark(saved.watermark);
      saved.inputs.forEach((wm, i) => {
        if (i < v.inputWatermarks.length) v.inputWatermarks[i] = fromWatermark(wm);
      });
      if (v.source && saved.source) {
        v.maxTs = fromWatermark(saved.source.maxTs);
        v.sourceDone = saved.source.done;
      }
      if (saved.state === undefined) continue;
      try {
        checkpointable(v)?.restore?.(saved.state);
      } catch (error) {
        throw blame(error, v.node.id);
      }
    }
  }

  /** One checkpoint at a time: a tick that finds the last one still in progress is skipped. */
  private takeCheckpoint(options: CheckpointOptions): void {
    if (this.checkpointing || this.stopping) return;
    const id = ++this.checkpointId;
    this.checkpointing = (async () => {
      try {
        const checkpoint = await this.checkpoint(id, options.fingerprint);
        const size = await options.onCheckpoint(checkpoint);
        this.checkpointsCompleted++;
        this.lastCheckpoint = {
          id,
          at: checkpoint.takenAt,
          durationMs: this.now() - checkpoint.takenAt,
          size,
        };
      } catch (error) {
        this.checkpointsFailed++;
        options.onFailure?.(error);
        // A sink that commits on checkpoints (exactly-once) holds a transaction this checkpoint
        // was to commit: the run fails, as Flink's with no tolerable checkpoint failure, so that
        // a restart from the last durable checkpoint keeps the output exactly once.
        if (this.vertices.some((v) => v.runtime && checkpointable(v)?.checkpointComplete))
          this.fail(
            new Error(
              `checkpoint ${id} failed (${error instanceof Error ? error.message : String(error)}): the run stops so that a restart from the last checkpoint keeps exactly-once output`,
            ),
          );
        return;
      }
      // Durable: sinks commit what it holds. A commit that fails fails the run (as Flink's
      // failover), which restarts from this checkpoint and commits again.
      await this.completed(id).catch((error: unknown) => this.fail(error));
    })().finally(() => {
      this.checkpointing = null;
    });
  }

  /** Checkpoint `id` of a run in parallel is durable: sinks commit what it holds. */
  checkpointDurable(id: number): Promise<void> {
    return this.completed(id).catch((error: unknown) => this.fail(error));
  }

  /** Whether a source has read its last record (also when restored so). */
  sourceDone(sourceId: string): boolean {
    return this.byId.get(sourceId)?.sourceDone ?? true;
  }

  /** Tells every node that checkpoint `id` is durable (Flink's notifyCheckpointComplete). */
  private async completed(id: number): Promise<void> {
    await Promise.all(
      this.vertices.map(async (v) => {
        try {
          await this.inside(v, () => checkpointable(v)?.checkpointComplete?.(id));
        } catch (error) {
          throw blame(error, v.node.id);
        }
      }),
    );
  }

  private build(vertex: Vertex): void {
    const { node, metrics } = vertex;
    const id = node.id;
    const position = vertex.position;
    const busy = this.busy;
    const probe = this.probe;
    const outgoing = vertex.plan.outgoing;
    const emitters = new Map<string, Emitter>();
    const port = (name: string): Emitter => {
      let emitter = emitters.get(name);
      if (!emitter) {
        emitter = fanOut(
          this.entriesOn(vertex, name),
          name === 'out' ? metrics : null,
          tapOf(vertex, name),
        );
        emitters.set(name, emitter);
      }
      return emitter;
    };
    const errors = port('errors');
    const ctx: OperatorContext = {
      nodeId: id,
      pipelineName: this.pipeline.doc.name,
      keyFields: vertex.plan.keyFields,
      emit: port('out'),
      port,
      isConnected: (name) => (outgoing.get(name)?.length ?? 0) > 0,
      deadLetter: (record, reason, ts) => {
        const later = this.deferred.get(vertex);
        if (later) {
          later.push(() => ctx.deadLetter(record, reason, ts));
          return;
        }
        metrics.deadLetters++;
        const at = this.now();
        this.keepDeadLetter(id, reason, record, at, ts ?? null);
        // A record with no event time of its own (a line that did not parse) takes the wall clock.
        errors({ error: reason, node: id, record } as Rec, ts ?? at, NO_KEY);
      },
      counters: metrics,
      io: this.options.io,
      now: this.now,
      sleep: (ms) => this.sleep(ms),
      net: this.options.net ?? engineNet(),
      connection: metrics.connection,
      stopping: () => this.stopping,
      checkpoints: this.options.checkpoints !== undefined,
      ...(this.options.parallel && node.def.kind === 'source'
        ? { split: this.options.parallel.split(node.id) }
        : {}),
      ...(this.options.parallel?.shared(node.id) ? { shared: true } : {}),
    };
    // Building may itself be heavy (a generator's population): a watchdog sees this node busy.
    busy[0] = position;
    try {
      if (node.def.kind === 'source') {
        vertex.source = node.def.create(node.params, ctx);
      } else {
        const runtime = node.def.create(node.params, ctx);
        vertex.runtime = runtime;
        // Called as a method on the record path (a bound function is called through a
        // trampoline V8 does not inline); bound only for the probe's timed call.
        const onRecord = runtime.onRecord.bind(runtime);
        // Only stateful operators mark themselves busy per record: they are where one record
        // can cost much (a thousand windows, a long match). The marks cost a few per cent of
        // throughput, so stateless nodes (bounded work per record) go without: a run stuck
        // there is named by its source, which marks each batch it pushes.
        const tracked =
          typeof runtime.snapshot === 'function' || typeof runtime.onWatermark === 'function';
        vertex.entry =
          node.def.kind === 'sink'
            ? (record, ts, key) => {
                metrics.recordsIn++;
                if (--metrics.sampleCountdown === 0) {
                  metrics.sampleCountdown = metrics.sampleEvery;
                  if (metrics.samples.length >= MAX_SAMPLES) metrics.samples.shift();
                  metrics.samples.push(record);
                }
                try {
                  if (probe.on) timed(onRecord, record, ts, key, metrics, probe);
                  else runtime.onRecord(record, ts, key);
                } catch (error) {
                  throw blame(error, id);
                }
              }
            : tracked
              ? (record, ts, key) => {
                  metrics.recordsIn++;
                  const caller = busy[0]!;
                  busy[0] = position;
                  try {
                    if (probe.on) timed(onRecord, record, ts, key, metrics, probe);
                    else runtime.onRecord(record, ts, key);
                  } catch (error) {
                    throw blame(error, id);
                  }
                  busy[0] = caller;
                }
              : (record, ts, key) => {
                  metrics.recordsIn++;
                  try {
                    if (probe.on) timed(onRecord, record, ts, key, metrics, probe);
                    else runtime.onRecord(record, ts, key);
                  } catch (error) {
                    throw blame(error, id);
                  }
                };
        const onInput = runtime.onInput?.bind(runtime);
        const onInputOf =
          (name: string): Emitter =>
          (record, ts, key) =>
            onInput!(name, record, ts, key);
        if (onInput) {
          vertex.inputs = new Map(
            node.def.inputs.map((input): [string, Emitter] => [
              input.name,
              (record, ts, key) => {
                metrics.recordsIn++;
                const caller = busy[0]!;
                busy[0] = position;
                try {
                  if (probe.on) timed(onInputOf(input.name), record, ts, key, metrics, probe);
                  else onInput(input.name, record, ts, key);
                } catch (error) {
                  throw blame(error, id);
                }
                busy[0] = caller;
              },
            ]),
          );
        }
      }
    } catch (error) {
      throw blame(error, id);
    } finally {
      busy[0] = 0;
    }
  }

  /**
   * A node's input watermark changed: take the minimum of its inputs, fire, forward. Along a
   * chain of nodes with one local target each, a loop rather than a call per node (the source
   * raises its watermark after most records).
   */
  private watermark(vertex: Vertex, slot: number, wm: number): void {
    for (;;) {
      const inputs = vertex.inputWatermarks;
      inputs[slot] = wm;
      let min = wm;
      // A single input (most nodes) is its own minimum.
      if (inputs.length > 1)
        for (let i = 0; i < inputs.length; i++) if (inputs[i]! < min) min = inputs[i]!;
      if (min <= vertex.metrics.watermark) return;
      vertex.metrics.watermark = min;
      const runtime = vertex.runtime;
      // Skip the try for operators without timers.
      if (runtime?.onWatermark !== undefined) {
        const caller = this.busy[0]!;
        this.busy[0] = vertex.position;
        try {
          if (this.probe.on) timedWatermark(runtime, min, vertex.metrics, this.probe);
          else runtime.onWatermark(min);
        } catch (error) {
          throw blame(error, vertex.node.id);
        }
        this.busy[0] = caller;
      }
      const targets = vertex.watermarkTargets;
      const next = targets.length === 1 ? targets[0]! : null;
      if (next === null || next.send !== null) {
        this.forward(vertex, min);
        return;
      }
      vertex = next.vertex;
      slot = next.slot;
      wm = min;
    }
  }

  private forward(from: Vertex, wm: number): void {
    from.metrics.watermark = wm;
    const targets = from.watermarkTargets;
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i]!;
      if (target.send !== null) target.send(wm);
      else this.watermark(target.vertex, target.slot, wm);
    }
  }

  /**
   * A record that came over `edge` from another worker (or this one's exchange) enters the
   * edge's target; an error fails the run as one inside the node would. Not `counted`: one of
   * a broadcast's copies, counted in the target's recordsIn by one worker only.
   */
  deliver(edge: ValidEdge, record: Rec, ts: number, key: Key, counted = true): void {
    if (this.status !== 'running') return;
    let entry = this.entries.get(edge);
    if (entry === undefined) {
      entry = entryOf(this.byId.get(edge.target)!, edge.targetHandle);
      this.entries.set(edge, entry);
    }
    try {
      entry(record, ts, key);
    } catch (error) {
      this.fail(error);
      this.stop();
    }
    if (!counted) this.byId.get(edge.target)!.metrics.recordsIn--;
  }

  /** Records merged by the worker that read them (parallel/exchange.ts Partials) enter a window. */
  deliverPartial(
    edge: ValidEdge,
    row: Float64Array,
    base: number,
    n: number,
    ts: number,
    key: Key,
  ): void {
    if (this.status !== 'running') return;
    const vertex = this.byId.get(edge.target)!;
    vertex.metrics.recordsIn += n;
    const caller = this.busy[0]!;
    this.busy[0] = vertex.position;
    try {
      vertex.runtime!.onPartial!(row, base, n, ts, key);
    } catch (error) {
      this.fail(error);
      this.stop();
    }
    this.busy[0] = caller;
  }

  /** The watermark of `edge`, merged over the workers that send on it, reached its target. */
  deliverWatermark(edge: ValidEdge, wm: number): void {
    if (this.status !== 'running') return;
    let slot = this.watermarkSlots.get(edge);
    if (slot === undefined) {
      const from = this.byId.get(edge.source)!;
      slot = from.plan.watermarkTargets.find((t) => t.edge === edge)!.slot;
      this.watermarkSlots.set(edge, slot);
    }
    try {
      this.watermark(this.byId.get(edge.target)!, slot, wm);
    } catch (error) {
      this.fail(error);
      this.stop();
    }
  }

  /**
   * Runs to the end of every bounded source, or until stop(); never throws. The status becomes
   * finished or stopped only once every sink has closed.
   */
  async run(): Promise<JobResult> {
    this.status = 'running';
    this.startedAt = this.now();
    const sources = this.vertices.filter((v) => v.source !== null);
    const checkpoints = this.options.checkpoints;
    const timer = checkpoints
      ? setInterval(() => this.takeCheckpoint(checkpoints), checkpoints.everyMs)
      : null;
    try {
      const ready = Promise.all(
        this.vertices.map(async (v) => {
          try {
            await this.inside(v, () => v.runtime?.ready?.());
          } catch (error) {
            throw blame(error, v.node.id);
          }
        }),
      );
      // A stop does not wait for a node still getting ready (a sink waiting for its broker):
      // the nodes are closed below, which ends their waiting.
      ready.catch(() => {});
      const stopped = new Promise<void>((resolve) =>
        this.stopping ? resolve() : this.wakers.add(resolve),
      );
      await Promise.race([ready, stopped]);
      if (!this.stopping) await Promise.all(sources.map((s) => this.runSource(s)));
      // In parallel, the other workers may still send records here.
      if (this.options.parallel && !this.stopping)
        await Promise.race([this.options.parallel.drained(), stopped]);
    } catch (error) {
      this.fail(error);
    }
    if (timer) clearInterval(timer);
    await this.checkpointing;
    if (this.savepointRequested && this.status === 'running') {
      try {
        const savepoint = await this.checkpoint(
          ++this.checkpointId,
          checkpoints?.fingerprint ?? pipelineFingerprint(this.pipeline.doc),
        );
        this.savepoint = savepoint;
        // Durable first, then the sinks commit what it holds (exactly-once).
        if (checkpoints?.onSavepoint) {
          await checkpoints.onSavepoint(savepoint);
          await this.completed(savepoint.id);
        }
      } catch (error) {
        this.fail(error);
      }
    } else if (
      checkpoints &&
      this.status === 'running' &&
      !this.stopping &&
      this.vertices.some((v) => checkpointable(v)?.checkpointComplete)
    ) {
      // Every bounded source has ended: a final checkpoint commits what sinks hold open
      // (Flink's final checkpoint at the end of input).
      this.takeCheckpoint(checkpoints);
      await this.checkpointing;
    }
    for (const vertex of this.vertices) {
      try {
        await this.inside(vertex, () => (vertex.source ?? vertex.runtime)?.close?.());
      } catch (error) {
        this.fail(blame(error, vertex.node.id));
      }
    }
    this.busy[0] = 0;
    if (this.status === 'running') this.status = this.stopping ? 'stopped' : 'finished';
    this.finishedAt = this.now();
    return this.result();
  }

  /**
   * Stops reading; windows still open are not fired (as Flink's cancel). With `savepoint`, a
   * last checkpoint is taken once every source has stopped at a batch's end, before the sinks
   * close (Flink's stop-with-savepoint): `result().savepoint`.
   */
  stop(options: { savepoint?: boolean } = {}): void {
    if (options.savepoint) this.savepointRequested = true;
    this.stopping = true;
    for (const wake of this.wakers) wake();
  }

  /** Calls into a node outside the record path (ready, close, a source's read), marked busy. */
  private inside<T>(vertex: Vertex, call: () => T): T {
    const caller = this.busy[0]!;
    this.busy[0] = vertex.position;
    try {
      return call();
    } finally {
      this.busy[0] = caller;
    }
  }

  /** The node the job is busy in (or last was), for a watchdog's message. */
  nodeAt(position: number): string | null {
    return this.vertices[position - 1]?.node.id ?? null;
  }

  result(): JobResult {
    return {
      status: this.status,
      ...(this.error ? { error: this.error } : {}),
      nodes: this.vertices.map((v) => v.metrics.summary()),
      deadLetters: this.deadLetterTotal,
      elapsedMs: (this.finishedAt || this.now()) - this.startedAt,
    };
  }

  /** A source's bounded out-of-orderness in ms (null: no event time, or not a source). */
  maxOutOfOrderness(sourceId: string): number | null {
    return this.byId.get(sourceId)?.source?.maxOutOfOrderness ?? null;
  }

  /** The sources upstream of each node (a source is its own), for backpressure figures. */
  sourcesOf(nodeId: string): string[] {
    return [...(this.plan.byId.get(nodeId)?.sources ?? [])];
  }

  stateSize(nodeId: string): { keys: number; windows: number } | null {
    return this.byId.get(nodeId)?.runtime?.stateSize?.() ?? null;
  }

  /** Keyed state of every stateful node, as JSON data. */
  snapshot(): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const v of this.vertices) if (v.runtime?.snapshot) state[v.node.id] = v.runtime.snapshot();
    return state;
  }

  /** Keeps a preview of a dead letter; the oldest go when the count or the characters are over. */
  private keepDeadLetter(
    nodeId: string,
    reason: string,
    record: unknown,
    at: number,
    eventTime: number | null,
  ): void {
    const seq = ++this.deadLetterTotal;
    const { value, size } = preview(record);
    const kept = this.deadLetters;
    kept.push({ nodeId, reason, record: value, at, eventTime, seq, size });
    this.deadLetterSize += size;
    while (
      kept.length > 1 &&
      (kept.length > this.deadLetterCapacity || this.deadLetterSize > this.deadLetterChars)
    )
      this.deadLetterSize -= kept.shift()!.size;
  }

  private fail(error: unknown): void {
    if (this.status !== 'failed') {
      this.status = 'failed';
      this.error =
        error instanceof NodeError
          ? { nodeId: error.nodeId, message: error.message }
          : { message: error instanceof Error ? error.message : String(error) };
    }
    this.stop();
  }

  private async runSource(vertex: Vertex): Promise<void> {
    const source = vertex.source!;
    const metrics = vertex.metrics;
    const emit = vertex.watermarkTargets.length > 0 ? this.outOf(vertex) : noop;
    const delay = source.maxOutOfOrderness;
    const sinks = this.vertices.filter((v) => v.runtime?.backpressure);
    // From a checkpoint a source goes on where it was: its largest time, its watermark.
    let maxTs = vertex.maxTs;
    let wm = metrics.watermark;
    let stride = MAX_STRIDE;
    const parallel = this.options.parallel ?? null;
    const cursor = parallel?.cursor ?? { index: 0 };
    while (!this.stopping && !vertex.sourceDone) {
      let batch;
      // Dead letters of lines that do not parse go out during the read.
      cursor.index = 0;
      // In parallel, a source read by partitions stops before its read at a barrier.
      const held = parallel?.gate(vertex.node.id, undefined);
      if (held) await Promise.race([held, this.stoppedPromise()]);
      if (this.stopping) break;
      if (parallel) this.deferred.set(vertex, []);
      try {
        // The synchronous part of a read is the source's own work (waiting for input is not).
        const t0 = performance.now();
        const pending = this.inside(vertex, () => source.next(this.batchSize));
        metrics.busyMs += performance.now() - t0;
        batch = await pending;
      } catch (error) {
        throw blame(error, vertex.node.id);
      }
      // A batch already read is processed even when stopping: a savepoint then counts it.
      if (batch !== null && batch.block !== undefined) {
        const gate = parallel?.gate(vertex.node.id, batch.block);
        if (gate) await Promise.race([gate, this.stoppedPromise()]);
      }
      const later = this.deferred.get(vertex);
      if (later) {
        this.deferred.delete(vertex);
        for (const deadLetter of later) deadLetter();
      }
      if (batch === null) break;
      const started = performance.now();
      const { records, times, watermarks } = batch;
      metrics.recordsIn += records.length;
      // Every `stride`-th record from a random start is timed and stands for `stride` (busy time).
      let probeAt = Math.floor(Math.random() * stride);
      // The batch is this source's until it has gone through the graph.
      this.busy[0] = vertex.position;
      if (watermarks !== undefined) {
        // The source makes its own watermark (per partition, idleness): forward it as it rises.
        for (let i = 0; i < records.length; i++) {
          if (i === probeAt) this.probeStart(stride);
          const ts = times[i]!;
          emit(records[i]!, ts, NO_KEY);
          if (ts > maxTs) maxTs = ts;
          if (watermarks[i]! > wm) {
            wm = watermarks[i]!;
            this.forward(vertex, wm);
          }
          if (i === probeAt) probeAt += this.probeEnd(metrics);
        }
      } else {
        for (let i = 0; i < records.length; i++) {
          if (i === probeAt) this.probeStart(stride);
          const ts = times[i]!;
          // In parallel, the exchanges note where each record is in the batch (one store).
          cursor.index = i;
          emit(records[i]!, ts, NO_KEY);
          if (delay !== null && ts > maxTs) {
            maxTs = ts;
            if (maxTs - delay - 1 > wm) {
              wm = maxTs - delay - 1;
              this.forward(vertex, wm);
            }
          }
          if (i === probeAt) probeAt += this.probeEnd(metrics);
        }
      }
      if (batch.watermark !== undefined && batch.watermark > wm) {
        wm = batch.watermark;
        this.forward(vertex, wm);
      }
      vertex.maxTs = maxTs;
      parallel?.afterBatch(vertex.node.id, batch);
      this.busy[0] = 0;
      // About one probe per PROBE_EVERY_MS of the batch's time: slow records are probed more.
      const took = this.recordLatency(started);
      stride = Math.max(
        1,
        Math.min(MAX_STRIDE, Math.round(records.length * (PROBE_EVERY_MS / took))),
      );
      for (const sink of sinks) {
        const wait = sink.runtime!.backpressure!();
        if (wait) {
          const t0 = performance.now();
          try {
            await wait;
          } catch (error) {
            throw blame(error, sink.node.id);
          }
          metrics.blockedMs += performance.now() - t0;
        }
      }
      // Let timers, signals and sockets in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!this.stopping && !vertex.sourceDone) {
      const started = performance.now();
      vertex.sourceDone = true;
      this.forward(vertex, Number.POSITIVE_INFINITY);
      parallel?.sourceEnded(vertex.node.id);
      this.recordLatency(started);
    }
  }

  /** Starts timing one record's way through the graph (busy time), standing for `weight`. */
  private probeStart(weight: number): void {
    this.probe.weight = weight;
    this.probe.on = true;
    this.probe.child = 0;
    this.probe.started = performance.now();
  }

  /** Ends it: the source's own share of the record's time, weighed; returns the stride. */
  private probeEnd(metrics: NodeMetrics): number {
    const probe = this.probe;
    probe.on = false;
    metrics.busyMs += (performance.now() - probe.started - probe.child) * probe.weight;
    return probe.weight;
  }

  private outOf(vertex: Vertex): Emitter {
    return fanOut(this.entriesOn(vertex, 'out'), vertex.metrics, tapOf(vertex, 'out'));
  }

  /** The tap on a node's output port (null for an unknown node or port); starts off. */
  tap(nodeId: string, port: string): Tap | null {
    const vertex = this.byId.get(nodeId);
    if (!vertex || !vertex.node.def.outputs.some((o) => o.name === port)) return null;
    return tapOf(vertex, port);
  }

  /** The entries of the nodes downstream of a vertex's output port, in edge order. */
  private entriesOn(vertex: Vertex, port: string): Emitter[] {
    return (vertex.plan.outgoing.get(port) ?? []).map(
      (e) =>
        this.options.parallel?.exchange(e)?.record ??
        entryOf(this.byId.get(e.target)!, e.targetHandle),
    );
  }

  /** One latency sample per node per batch, weighed by the records it saw in that batch. */
  /** Returns the batch's time in ms. */
  private recordLatency(started: number): number {
    const ms = performance.now() - started;
    const us = Math.max(1, Math.round(ms * 1000));
    for (const v of this.vertices) {
      const m = v.metrics;
      const seen = m.recordsIn - m.inAtBatchStart;
      if (seen > 0) {
        m.latency.recordValueWithCount(us, seen);
        m.recentLatency.recordValueWithCount(us, seen);
        m.inAtBatchStart = m.recordsIn;
      }
    }
    return ms;
  }

  /** Resolves when the job is stopped (one promise for every waiter). */
  private stoppedPromise(): Promise<void> {
    return (this.stopSignal ??= new Promise<void>((resolve) =>
      this.stopping ? resolve() : this.wakers.add(resolve),
    ));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

/** What a checkpoint asks of a node's runtime: sources, operators and sinks alike. */
interface Checkpointable {
  snapshot?(): unknown;
  restore?(state: unknown): void;
  /** A sink makes durable what it was handed (part of taking a checkpoint). */
  flush?(): Promise<void>;
  checkpointComplete?(id: number): Promise<void> | void;
}

const checkpointable = (v: Vertex): Checkpointable | null =>
  (v.source ?? v.runtime) as Checkpointable | null;

/** Where records of an edge arriving on `port` enter the node. */
function entryOf(vertex: Vertex, port: string): Emitter {
  return vertex.inputs?.get(port) ?? vertex.entry;
}

function tapOf(vertex: Vertex, port: string): Tap {
  const kept = vertex.taps.get(port);
  if (kept) return kept;
  const tap: Tap = { on: false, take: () => {} };
  vertex.taps.set(port, tap);
  return tap;
}

function fanOut(targets: Emitter[], counted: NodeMetrics | null, tap: Tap): Emitter {
  const m = counted ?? { recordsOut: 0 };
  // No edge, nothing to peek at.
  if (targets.length === 0) return counted ? () => void m.recordsOut++ : noop;
  if (targets.length === 1) {
    const only = targets[0]!;
    return (record, ts, key) => {
      m.recordsOut++;
      if (tap.on) tap.take(record, ts);
      only(record, ts, key);
    };
  }
  return (record, ts, key) => {
    m.recordsOut++;
    if (tap.on) tap.take(record, ts);
    for (let i = 0; i < targets.length; i++) targets[i]!(record, ts, key);
  };
}

/**
 * Busy time is measured on every `stride`-th record of a source's batches from a random start,
 * as Flink samples its task threads: the record's way through the graph is timed node by node,
 * and each node's own time (less the nodes it called) counts `stride` times. The stride keeps
 * about one probe per PROBE_EVERY_MS of work, so a slow pipeline is probed often enough for a
 * figure a second. Other records pay one load and branch per node. A clock read costs a few hundred ns on a
 * loaded machine, more than a cheap operator's work on a record: timing each would halve
 * throughput.
 */
/** A probe per this much of a batch's time at most (each costs two clock reads per node). */
const PROBE_EVERY_MS = 0.5;
/** And at least one per batch of 1,024. */
const MAX_STRIDE = 1024;

interface Probe {
  on: boolean;
  /** performance.now() when the probed record left its source. */
  started: number;
  /** Time spent in the nodes called from the current one (to subtract from its own). */
  child: number;
  /** Records the probed one stands for. */
  weight: number;
}

// No closure over a record here: an entry that made one around its arguments would have them
// allocated on every call (V8 keeps captured variables in a context), which halved throughput.

/** Calls a node with the probed record, adding its own time, weighed, to its busy time. */
function timed(
  call: Emitter,
  record: Rec,
  ts: number,
  key: Key,
  metrics: NodeMetrics,
  probe: Probe,
): void {
  const outer = probe.child;
  probe.child = 0;
  const t0 = performance.now();
  call(record, ts, key);
  const spent = performance.now() - t0;
  metrics.busyMs += (spent - probe.child) * probe.weight;
  probe.child = outer + spent;
}

/** The same for a watermark the probed record raised (a window firing is the node's work). */
function timedWatermark(
  runtime: OperatorRuntime,
  wm: number,
  metrics: NodeMetrics,
  probe: Probe,
): void {
  const outer = probe.child;
  probe.child = 0;
  const t0 = performance.now();
  runtime.onWatermark!(wm);
  const spent = performance.now() - t0;
  metrics.busyMs += (spent - probe.child) * probe.weight;
  probe.child = outer + spent;
}
