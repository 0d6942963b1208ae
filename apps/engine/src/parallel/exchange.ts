import {
  PaneCombiner,
  type Emitter,
  type Key,
  type Rec,
  type SourceBatch,
  type WindowParams,
} from '@rivulet/operators';
import type { ParallelPart } from '../job.js';
import type { Plan } from '../plan.js';
import type { ValidEdge, ValidPipeline } from '../validate.js';
import { fromWatermark, toWatermark, type Watermark } from '../checkpoint/checkpoint.js';
import type { SourceBlocks } from './blocks.js';
import { hashKey, type EdgeRoute, type Placed } from './placement.js';

/**
 * What travels between two workers, on one port per pair (in order). Edges are named by their
 * index in the pipeline's edges.
 * - `block`: what one block of a source produced on an ordered edge for this worker (maybe
 *   nothing), with, per record, the largest event time of the block's records before it, and
 *   the block's largest: the receiver rebuilds the source's watermark from them. On an edge
 *   that combines (placement.ts), `partials` in place of the records: per key and pane, the
 *   merged records (`width` numbers each in `rows`) and how many, at the place of the first.
 * - `end`: a source of the sender has read its last block.
 * - `items`: records and watermarks of an unordered edge, in the order they were sent.
 */
export type ExchangeMessage =
  | {
      t: 'block';
      edge: number;
      source: string;
      block: number;
      blockMax: number;
      records: Rec[];
      times: ArrayLike<number>;
      keys: Key[];
      before: ArrayLike<number>;
      partials?: Partials;
    }
  | { t: 'end'; edge: number; source: string }
  | {
      t: 'items';
      edge: number;
      from: number;
      marks: ArrayLike<number>;
      records: Rec[];
      times: ArrayLike<number>;
      keys: Key[];
      partials?: Partials;
    };

/** Records merged per key and pane (window/combine.ts): `width` numbers each, and their count. */
export interface Partials {
  rows: Float64Array;
  counts: Float64Array;
  width: number;
}

type BlockMessage = Extract<ExchangeMessage, { t: 'block' }>;

/**
 * A block waiting for its turn in stream order, kept in the compact form it crosses in (a few
 * typed arrays and texts): thousands of records kept as objects would survive the young
 * generation's collections while they wait, and be copied and promoted by each.
 */
export interface Sealed {
  t: 'sealed';
  edge: number;
  source: string;
  block: number;
  open(): BlockMessage;
}

/** What a checkpoint keeps of one worker's exchange (Exchange.snapshot), as JSON. */
export type ExchangeState = {
  edge: number;
  wm: Watermark;
  senderWm: Watermark[];
  merges: { source: string; next: number; ended: number[]; maxTs: Watermark; wm: Watermark }[];
}[];

/** Where an exchange sends a message: a port to each other worker; to itself, at once. */
export type Post = (to: number, message: ExchangeMessage) => void;

/** What the exchange needs of its worker's job. */
export interface Receiver {
  /** `counted` false: the record is not counted in the target's recordsIn (another worker does). */
  deliver(edge: ValidEdge, record: Rec, ts: number, key: Key, counted?: boolean): void;
  deliverWatermark(edge: ValidEdge, wm: number): void;
  /** A source's bounded out-of-orderness (null: no event time). */
  maxOutOfOrderness(sourceId: string): number | null;
  /** `n` records merged by a sender (Partials) enter the edge's target, a window. */
  deliverPartial(
    edge: ValidEdge,
    row: Float64Array,
    base: number,
    n: number,
    ts: number,
    key: Key,
  ): void;
}

const NONE = Number.NEGATIVE_INFINITY;
const END = Number.POSITIVE_INFINITY;

interface OrderedOut {
  edge: number;
  sources: Set<string>;
  /** The target window's combiner when the edge combines. */
  combiner: PaneCombiner | null;
  /** Per destination worker: the records of the current block, and each one's index in it. */
  records: Rec[][];
  times: number[][];
  keys: Key[][];
  at: number[][];
}

interface UnorderedOut {
  edge: number;
  /** The target window's combiner when the edge combines. */
  combiner: PaneCombiner | null;
  /** Per destination: records and watermarks (mark 1: a watermark, its value in times). */
  marks: number[][];
  records: Rec[][];
  times: number[][];
  keys: Key[][];
}

/** The blocks of one source on one ordered edge, merged in stream order. */
interface SourceMerge {
  source: string;
  delay: number | null;
  next: number;
  pending: Map<number, BlockMessage | Sealed>;
  ended: Set<number>;
  /** Largest event time of the source's blocks so far, and the watermark it gives. */
  maxTs: number;
  wm: number;
}

interface In {
  edge: ValidEdge;
  ordered: boolean;
  /** Every worker gets every record: worker 0 alone counts them. */
  broadcast: boolean;
  merges: Map<string, SourceMerge>;
  /** Unordered: each sending worker's watermark on the edge. */
  senderWm: number[];
  wm: number;
}

/**
 * One worker's side of the exchanges of a run in parallel: it routes the records of the edges
 * that cross workers (by key, or to worker 0), and merges what the others send into the job.
 */
export class Exchange {
  readonly cursor = { index: 0 };
  private receiver: Receiver | null = null;
  private readonly outs = new Map<ValidEdge, { record: Emitter; watermark(wm: number): void }>();
  private readonly ordered: OrderedOut[] = [];
  private readonly unordered: UnorderedOut[] = [];
  private readonly ins: In[] = [];
  private readonly edgeIndex: Map<ValidEdge, number>;
  private drainedResolve: (() => void) | null = null;
  private readonly drainedPromise: Promise<void>;
  /** Sources held at a checkpoint's barrier (by the checkpoint's id), and what resumes them. */
  readonly heldAt = new Map<string, number>();
  private resumes: (() => void)[] = [];
  /** The last checkpoint whose barrier this worker's sources passed. */
  private passed = 0;
  /** Told when a source is held at a barrier or ends. */
  onSourceStop: () => void = () => {};

  constructor(
    private readonly pipeline: ValidPipeline,
    plan: Plan,
    private readonly placed: Placed,
    private readonly index: number,
    private readonly count: number,
    private readonly post: Post,
    /** Per source, its blocks: who reads which, where a barrier stands (shared by all workers). */
    private readonly blocks: Map<string, SourceBlocks>,
    /** Records (or lines) per block. */
    private readonly blockSize: number,
    /** Seals a block of this worker that has to wait (the worker's wire; none: kept as is). */
    private readonly seal: ((m: BlockMessage) => Sealed) | null = null,
  ) {
    this.edgeIndex = new Map(pipeline.edges.map((e, i) => [e, i]));
    this.drainedPromise = new Promise((resolve) => (this.drainedResolve = resolve));
    for (const [edge, route] of placed.routes) {
      if (route.kind === 'forward') continue;
      const i = this.edgeIndex.get(edge)!;
      const sending = route.senders === 'all' || index === 0;
      this.outs.set(edge, this.sender(edge, i, route, sending, plan));
      const target = placed.placement.get(edge.target)!;
      if (target !== 'global' || index === 0)
        this.ins.push({
          edge,
          ordered: route.ordered,
          broadcast: route.kind === 'broadcast',
          merges: new Map(
            plan.byId.get(edge.source)!.sources.map((s) => [
              s,
              {
                source: s,
                delay: null,
                next: 0,
                pending: new Map(),
                ended: new Set(),
                maxTs: NONE,
                wm: NONE,
              },
            ]),
          ),
          senderWm: Array.from({ length: count }, (_, w) =>
            route.senders === 'all' || w === 0 ? NONE : END,
          ),
          wm: NONE,
        });
    }
    if (this.ins.length === 0) this.drainedResolve!();
  }

  /**
   * Holds a source's block when a checkpoint's barrier stands at or before it; a source read by
   * partitions is held before its next read once a barrier stands (job.ts).
   */
  private gate(source: string, block: number | undefined): Promise<void> | null {
    const partitioned = this.placed.partitioned.has(source);
    if (partitioned !== (block === undefined)) return null;
    const id = this.blocks.get(source)!.barrierBefore(block ?? Number.POSITIVE_INFINITY);
    if (id === 0 || id <= this.passed) return null;
    this.heldAt.set(source, id);
    const held = new Promise<void>((resolve) => this.resumes.push(resolve));
    this.onSourceStop();
    return held;
  }

  /** The cut of checkpoint `id` is taken: the held sources go on. */
  resume(id: number): void {
    this.passed = id;
    this.heldAt.clear();
    const resumes = this.resumes;
    this.resumes = [];
    for (const resume of resumes) resume();
  }

  /**
   * What a checkpoint keeps of the exchange (taken when nothing is on its way): per incoming
   * edge, how far each source's blocks were merged and the watermarks.
   */
  snapshot(): ExchangeState {
    return this.ins.map((input) => {
      if (input.merges.size > 0 && [...input.merges.values()].some((m) => m.pending.size > 0))
        throw new Error('a checkpoint cut found blocks still waiting to be merged');
      return {
        edge: this.edgeIndex.get(input.edge)!,
        wm: toWatermark(input.wm),
        senderWm: input.senderWm.map(toWatermark),
        merges: [...input.merges.values()].map((m) => ({
          source: m.source,
          next: m.next,
          ended: [...m.ended],
          maxTs: toWatermark(m.maxTs),
          wm: toWatermark(m.wm),
        })),
      };
    });
  }

  /** Puts back what `snapshot` kept (after attach). */
  restore(state: ExchangeState): void {
    for (const saved of state) {
      const input = this.ins.find((i) => this.edgeIndex.get(i.edge) === saved.edge);
      if (!input)
        throw new Error(`the checkpoint's exchange has an edge ${saved.edge} this run has not`);
      input.wm = fromWatermark(saved.wm);
      input.senderWm = saved.senderWm.map(fromWatermark);
      for (const m of saved.merges) {
        const merge = input.merges.get(m.source);
        if (!merge)
          throw new Error(`the checkpoint's exchange has a source ${m.source} this run has not`);
        merge.next = m.next;
        merge.ended = new Set(m.ended);
        merge.maxTs = fromWatermark(m.maxTs);
        merge.wm = fromWatermark(m.wm);
      }
    }
    if (this.ins.every((i) => i.wm === END)) this.drainedResolve!();
  }

  /** Connects the job: deliveries go to it from now on. */
  attach(receiver: Receiver): void {
    this.receiver = receiver;
    for (const input of this.ins)
      for (const merge of input.merges.values())
        merge.delay = receiver.maxOutOfOrderness(merge.source);
  }

  /** The hooks the worker's job takes (JobOptions.parallel). */
  part(): ParallelPart {
    return {
      split: (source) => {
        const blocks = this.blocks.get(source)!;
        return {
          size: this.blockSize,
          claim: (block, at) => blocks.claim(block, at),
          lastClaimed: (from) => blocks.lastClaimed(from),
          share: { index: this.index, count: this.count },
        };
      },
      gate: (source, block) => this.gate(source, block),
      shared: (nodeId) => this.placed.placement.get(nodeId) !== 'global',
      cursor: this.cursor,
      exchange: (edge) => this.outs.get(edge) ?? null,
      afterBatch: (source, batch) => this.afterBatch(source, batch),
      sourceEnded: (source) => this.sourceEnded(source),
      drained: () => this.drainedPromise,
    };
  }

  private sender(
    edge: ValidEdge,
    i: number,
    route: EdgeRoute,
    sending: boolean,
    plan: Plan,
  ): { record: Emitter; watermark(wm: number): void } {
    const n = this.count;
    const lists = <T>() => Array.from({ length: n }, () => [] as T[]);
    const to = route.kind === 'hash' ? (key: Key) => hashKey(key) % n : () => 0;
    if (!sending) return { record: () => {}, watermark: () => {} };
    const combiner = route.combine
      ? PaneCombiner.of(plan.byId.get(edge.target)!.node.params as WindowParams)
      : null;
    // Records are kept as they are: only the fields read after the edge cross to another
    // worker (wire.ts takes them); one delivered in this worker is passed as it is.
    if (route.ordered) {
      const out: OrderedOut = {
        edge: i,
        sources: new Set(plan.byId.get(edge.source)!.sources),
        combiner,
        records: lists(),
        times: lists(),
        keys: lists(),
        at: lists(),
      };
      this.ordered.push(out);
      const cursor = this.cursor;
      return {
        record: (record, ts, key) => {
          const w = to(key);
          out.records[w]!.push(record);
          out.times[w]!.push(ts);
          out.keys[w]!.push(key);
          out.at[w]!.push(cursor.index);
        },
        // The receiver makes the watermark from the blocks themselves.
        watermark: () => {},
      };
    }
    const out: UnorderedOut = {
      edge: i,
      combiner,
      marks: lists(),
      records: lists(),
      times: lists(),
      keys: lists(),
    };
    this.unordered.push(out);
    const broadcast = route.kind === 'broadcast';
    const put = (w: number, record: Rec, ts: number, key: Key) => {
      out.marks[w]!.push(0);
      out.records[w]!.push(record);
      out.times[w]!.push(ts);
      out.keys[w]!.push(key);
    };
    return {
      record: broadcast
        ? (record, ts, key) => {
            for (let w = 0; w < n; w++) put(w, record, ts, key);
          }
        : (record, ts, key) => put(to(key), record, ts, key),
      watermark: (wm) => {
        for (let w = 0; w < n; w++) {
          // Watermarks with no record between them: only the last one says anything.
          const marks = out.marks[w]!;
          if (marks.length > 0 && marks[marks.length - 1] === 1) {
            out.times[w]![marks.length - 1] = wm;
            continue;
          }
          marks.push(1);
          out.records[w]!.push(null as unknown as Rec);
          out.times[w]!.push(wm);
          out.keys[w]!.push('');
        }
      },
    };
  }

  private afterBatch(source: string, batch: SourceBatch): void {
    const times = batch.times;
    let blockMax = NONE;
    for (let i = 0; i < times.length; i++) if (times[i]! > blockMax) blockMax = times[i]!;
    for (const out of this.ordered) {
      if (!out.sources.has(source)) continue;
      for (let w = 0; w < this.count; w++) {
        // The largest time of the block's records before each one sent (indexes never go back).
        const at = out.at[w]!;
        const before = new Array<number>(at.length);
        let max = NONE;
        let k = 0;
        for (let j = 0; j < at.length; j++) {
          for (; k < at[j]!; k++) if (times[k]! > max) max = times[k]!;
          before[j] = max;
        }
        const [records, sent, keys] = [out.records[w]!, out.times[w]!, out.keys[w]!];
        // Merged, a key's records of a pane are cut where the block's own watermark reaches
        // the end of one of the pane's windows.
        const delay = out.combiner !== null ? this.receiver!.maxOutOfOrderness(source) : null;
        const merged =
          delay !== null
            ? out.combiner!.merge(
                records,
                sent,
                keys,
                (j, pane) => out.combiner!.band(pane, before[j]! - delay - 1),
                null,
              )
            : null;
        this.send(w, {
          t: 'block',
          edge: out.edge,
          source,
          block: batch.block ?? 0,
          blockMax,
          ...(merged !== null
            ? {
                records: [],
                times: merged.at.map((j) => sent[j]!),
                keys: merged.at.map((j) => keys[j]!),
                before: merged.at.map((j) => before[j]!),
                partials: { rows: merged.rows, counts: merged.counts, width: out.combiner!.width },
              }
            : { records, times: sent, keys, before }),
        });
        out.records[w] = [];
        out.times[w] = [];
        out.keys[w] = [];
        out.at[w] = [];
      }
    }
    this.flush();
  }

  private sourceEnded(source: string): void {
    this.onSourceStop();
    for (const out of this.ordered)
      if (out.sources.has(source))
        for (let w = 0; w < this.count; w++) this.send(w, { t: 'end', edge: out.edge, source });
    this.flush();
  }

  /** Sends what the unordered edges hold. */
  flush(): void {
    for (const out of this.unordered)
      for (let w = 0; w < this.count; w++) {
        if (out.marks[w]!.length === 0) continue;
        const [marks, records, times, keys] = [
          out.marks[w]!,
          out.records[w]!,
          out.times[w]!,
          out.keys[w]!,
        ];
        // Merged, a key's records of a pane are cut at each watermark among them.
        const merged =
          out.combiner !== null ? out.combiner.merge(records, times, keys, null, marks) : null;
        this.send(w, {
          t: 'items',
          edge: out.edge,
          from: this.index,
          ...(merged !== null
            ? {
                marks: merged.at.map((j) => marks[j]!),
                records: [],
                times: merged.at.map((j) => times[j]!),
                keys: merged.at.map((j) => keys[j]!),
                partials: { rows: merged.rows, counts: merged.counts, width: out.combiner!.width },
              }
            : { marks, records, times, keys }),
        });
        out.marks[w] = [];
        out.records[w] = [];
        out.times[w] = [];
        out.keys[w] = [];
      }
  }

  private send(to: number, message: ExchangeMessage): void {
    if (to === this.index) this.receive(message, to);
    else this.post(to, message);
  }

  /** A message from worker `from` (or this one); a block maybe still sealed. */
  receive(message: ExchangeMessage | Sealed, from: number): void {
    const edge = this.pipeline.edges[message.edge]!;
    const input = this.ins.find((i) => i.edge === edge);
    if (!input) return;
    if (message.t === 'items') this.items(input, message);
    else {
      const merge = input.merges.get(message.source)!;
      if (message.t === 'end') merge.ended.add(from);
      else
        merge.pending.set(
          message.block,
          message.t === 'block' && message.block !== merge.next && this.seal !== null
            ? this.seal(message)
            : message,
        );
      this.pump(input, merge);
    }
    // What the deliveries made downstream (a window's firing) goes on at once.
    if (from !== this.index) this.flush();
  }

  private items(input: In, m: Extract<ExchangeMessage, { t: 'items' }>): void {
    const receiver = this.receiver!;
    const partials = m.partials;
    const counted = !input.broadcast || this.index === 0;
    for (let i = 0; i < m.marks.length; i++) {
      if (m.marks[i] === 0) {
        if (partials === undefined)
          receiver.deliver(input.edge, m.records[i]!, m.times[i]!, m.keys[i]!, counted);
        else
          receiver.deliverPartial(
            input.edge,
            partials.rows,
            i * partials.width,
            partials.counts[i]!,
            m.times[i]!,
            m.keys[i]!,
          );
        continue;
      }
      if (m.times[i]! <= input.senderWm[m.from]!) continue;
      input.senderWm[m.from] = m.times[i]!;
      this.raise(input, Math.min(...input.senderWm));
    }
  }

  /** Takes the source's blocks that are next in stream order, as parallelism 1 reads them. */
  private pump(input: In, merge: SourceMerge): void {
    const receiver = this.receiver!;
    for (;;) {
      const waiting = merge.pending.get(merge.next);
      if (waiting === undefined) {
        // Every worker has read its last block (each sends them before it ends): no more come.
        if (merge.ended.size === this.count && merge.wm !== END) {
          merge.wm = END;
          this.raiseMerged(input);
        }
        return;
      }
      merge.pending.delete(merge.next);
      merge.next++;
      const block = waiting.t === 'sealed' ? waiting.open() : waiting;
      // The watermark as parallelism 1 has it at each record: the source's largest time before
      // it in the stream. Its rises between two records of this worker go as one (the last):
      // an operator fires the same timers, in the same order, on the last as on each.
      const { records, times, keys, before, partials } = block;
      if (partials !== undefined) {
        const { rows, counts, width } = partials;
        for (let i = 0; i < counts.length; i++) {
          if (this.advance(merge, before[i]!)) this.raiseMerged(input);
          receiver.deliverPartial(input.edge, rows, i * width, counts[i]!, times[i]!, keys[i]!);
        }
      } else
        for (let i = 0; i < records.length; i++) {
          if (this.advance(merge, before[i]!)) this.raiseMerged(input);
          receiver.deliver(input.edge, records[i]!, times[i]!, keys[i]!);
        }
      if (this.advance(merge, block.blockMax)) this.raiseMerged(input);
    }
  }

  /**
   * The source's largest time so far reached `ts`: its watermark trails it (spec §3). Whether
   * the watermark rose.
   */
  private advance(merge: SourceMerge, ts: number): boolean {
    if (ts <= merge.maxTs) return false;
    merge.maxTs = ts;
    if (merge.delay === null || ts - merge.delay - 1 <= merge.wm) return false;
    merge.wm = ts - merge.delay - 1;
    return true;
  }

  private raiseMerged(input: In): void {
    let min = END;
    for (const m of input.merges.values()) if (m.wm < min) min = m.wm;
    this.raise(input, min);
  }

  private raise(input: In, wm: number): void {
    if (wm <= input.wm) return;
    input.wm = wm;
    this.receiver!.deliverWatermark(input.edge, wm);
    if (wm === END && this.ins.every((i) => i.wm === END)) this.drainedResolve!();
  }
}
