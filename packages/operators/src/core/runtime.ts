/**
 * What an operator's runtime sees: records, watermarks and a context to emit through.
 * It never knows about sockets, other operators' files, or the server.
 */

import type { ConnectionState, OperatorNet } from './net.js';

/** A record is a JSON object (spec §2). */
export type Rec = Record<string, unknown>;

/**
 * The key a record carries after a keyBy: the JSON text of the array of key values
 * (`'["c1"]'`), or `''` on a stream that is not keyed.
 */
export type Key = string;
export const NO_KEY: Key = '';

/** Passes one record on: the record, its event time in ms, and its key. */
export type Emitter = (record: Rec, ts: number, key: Key) => void;

/**
 * Counters an operator may bump beyond in/out and dead letters, which the engine counts itself.
 * Telemetry reads them as they are: an operator keeps no count of its own that is not here.
 */
export interface OperatorCounters {
  /** Records too late for the operator's windows or matches, sent to its `late` port. */
  lateRecords: number;
  /**
   * Records the operator discarded on purpose, as its rule says (dedupe's repeats), not
   * counting late records or dead letters, which are counted apart.
   */
  dropped: number;
}

/** File access, given by the engine: paths are resolved and confined by it. */
export interface OperatorIO {
  /**
   * Lines of a text file, in chunks of lines (without the newline), as read; from `fromByte`
   * (the start of a line, as a chunk's `endByte` or `byteAfter` gave it) when resuming.
   */
  readLines(path: string, options?: ReadLinesOptions): AsyncIterable<LineChunk>;
  /**
   * A writer that replaces the file, or with `keepBytes` keeps that many bytes of the existing
   * file (refusing when it is shorter), drops the rest and appends (a checkpoint's recovery).
   */
  openWriter(path: string, options?: OpenWriterOptions): LineWriter;
  /** Prints one line (sink.console). */
  print(line: string): void;
}

export interface ReadLinesOptions {
  /** Byte offset to start reading at: the start of a line. Default 0. */
  fromByte?: number;
  /**
   * Read in parallel (from the start of the file): at the first line of each block of `size`
   * lines (counted from 0) the io asks `claim(block, byte)` (`byte` where the line starts, -1
   * when not known); the lines of a block claimed are sure to be decoded, and the first line of
   * the file; the others come as '' (or decoded, at the edge of a read). Between reads, outside
   * a block of its own, the io asks `lastClaimed(from)` and goes straight to the block it names
   * (claimed by another reader, and so every block before it from `from` on), telling the lines
   * passed over in the next chunk's `skipped`.
   */
  blocks?: {
    size: number;
    claim(block: number, byte: number): boolean;
    lastClaimed?(from: number): { block: number; at: number } | null;
  };
}

export interface OpenWriterOptions {
  /** Keep the first `keepBytes` bytes of the existing file and append after them. */
  keepBytes?: number;
  /**
   * Append to the file as it is (creating it if need be), whole lines per write: several
   * workers of a run in parallel write one file so (the run empties it before it starts).
   */
  append?: boolean;
}

/**
 * Lines as read, and, from an io that knows it (the engine's does; a test's may not), where
 * they lie in the file: `endByte` is the offset just after the last line's newline, and
 * `byteAfter(i)` the offset just after line i's. The latter is worked out only when asked (a
 * checkpoint), so reading pays nothing for it.
 */
export type LineChunk = string[] & {
  readonly endByte?: number;
  byteAfter?(index: number): number;
  /**
   * Reading in blocks (`lastClaimed`): the lines passed over just before this chunk's first, and
   * the offset where its first line starts.
   */
  readonly skipped?: { lines: number; byte: number };
};

export interface LineWriter {
  /** Queues one line; false when the writer's buffer is above its high-water mark. */
  write(line: string): boolean;
  /** Resolves once the buffer is below its high-water mark again. */
  drained(): Promise<void>;
  /**
   * The length the file has once everything handed over is written: the bytes kept
   * (`keepBytes`) and those of every line written so far, buffered or not.
   */
  bytes(): number;
  /** Makes every line handed over so far durable: writes out the buffer, waits, fsyncs. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface OperatorContext {
  readonly nodeId: string;
  /** The pipeline's name (e.g. what names a sink's Kafka transactions), when the engine knows it. */
  readonly pipelineName?: string;
  /** The fields of the nearest keyBy upstream, or null on a stream that is not keyed. */
  readonly keyFields: readonly string[] | null;
  /** Emits on the `out` port. */
  readonly emit: Emitter;
  /** An emitter for a named port; records sent to an unconnected port are dropped. */
  port(name: string): Emitter;
  /** Whether a port has at least one edge. */
  isConnected(port: string): boolean;
  /**
   * Counts a bad record with its reason, keeps it for inspection, and sends it to `errors`.
   * `ts` is the record's event time when the operator knows it, so that the dead letter keeps
   * its place in event time; when omitted (a line that failed to parse has no event time, nor
   * has a record whose time is not a number) the engine uses the wall clock.
   */
  deadLetter(record: unknown, reason: string, ts?: number): void;
  readonly counters: OperatorCounters;
  readonly io: OperatorIO;
  /** Wall clock in ms (tests may pin it). */
  now(): number;
  /** Resolves after `ms` of wall-clock time (paced sources); the engine may cut it short on stop. */
  sleep(ms: number): Promise<void>;
  /** Network clients (Kafka, MQTT), given by the engine; absent where there are none (unit tests). */
  readonly net?: OperatorNet;
  /** A connector's health and lag, read by telemetry (status null for other nodes). */
  readonly connection: ConnectionState;
  /** Whether the engine is stopping the run: a source waiting for input returns soon. */
  stopping(): boolean;
  /** Whether the run takes checkpoints (an exactly-once sink commits on them). */
  readonly checkpoints: boolean;
  /**
   * A run in parallel: the source's stream is cut into blocks of `size` records (or lines),
   * counted from 0, and every worker's reader goes through all of them in order; a block is read
   * (parsed, emitted) by the one that claims it first (`claim(block)` is true for exactly one of
   * them), so a busier worker reads fewer. Each batch is one block claimed, tagged with `block`.
   * Only sources that say `splittable` get it. A source split by partitions (`splitBy`) reads
   * instead the partitions whose place in the sorted list of them is `share.index` modulo
   * `share.count`.
   */
  readonly split?: {
    /** Records (or lines) per block: the run's (SPLIT_BLOCK unless it says otherwise). */
    size: number;
    /** `at`: where the block starts (a file's byte offset), kept for `lastClaimed`. */
    claim(block: number, at?: number): boolean;
    /**
     * The last block claimed (by any reader) whose start is known, if it is `from` or later: a
     * reader with no block of its own from `from` on may go straight there.
     */
    lastClaimed?(from: number): { block: number; at: number } | null;
    share: { index: number; count: number };
  };
  /**
   * A run in parallel runs this node in several workers at once: a file sink appends to its
   * file, which the run empties before it starts, instead of replacing it.
   */
  readonly shared?: boolean;
}

/** A transform or sink. */
export interface OperatorRuntime {
  onRecord(record: Rec, ts: number, key: Key): void;
  /**
   * For operators with several named inputs (joins): each record with the name of the input it
   * came in on. When present, the engine calls it instead of onRecord for every input.
   */
  onInput?(input: string, record: Rec, ts: number, key: Key): void;
  /**
   * In a run in parallel, `n` records of one key merged by the worker that read them (the
   * window's PaneCombiner: one number per aggregation from `base` in `row`), at time `ts`.
   */
  onPartial?(row: Float64Array, base: number, n: number, ts: number, key: Key): void;
  /**
   * The watermark has risen to `wm` (may be +Infinity at the end of a bounded run): fire what
   * is due. The engine forwards the watermark downstream after this returns.
   */
  onWatermark?(wm: number): void;
  /**
   * Keyed state as plain JSON data, for checkpoints. A sink gives its committed position
   * instead (sink.file: `{ bytes }`, every byte handed to its writer so far), at once.
   */
  snapshot?(): unknown;
  /**
   * Takes back what snapshot() gave, once, after create() and before any record; a sink's
   * before ready(), so that it opens its output at the position restored.
   */
  restore?(state: unknown): void;
  /**
   * A sink: makes everything handed over so far durable (writes out its buffer, waits for the
   * file, fsyncs). A checkpoint is complete once every sink's flush after its snapshot resolved.
   */
  flush?(): Promise<void>;
  /**
   * Called once the checkpoint `id` is durable (Flink's notifyCheckpointComplete): a sink in
   * exactly-once mode commits what its snapshot pre-committed. A failure here fails the run.
   */
  checkpointComplete?(id: number): Promise<void> | void;
  /** State size for telemetry. */
  stateSize?(): { keys: number; windows: number };
  /** Resolves once the operator can take records (a lookup table loaded); awaited before the sources start. */
  ready?(): Promise<void>;
  /** A sink waits here when its buffer is full, so that the source slows down. */
  backpressure?(): Promise<void> | null;
  /** Releases timers and buffers; a sink flushes and closes its output. */
  close?(): void | Promise<void>;
}

/** One read from a source: records with their event times, in order. */
export interface SourceBatch {
  records: Rec[];
  /** Event time of each record in ms. */
  times: number[];
  /**
   * A source that makes its own watermark (per partition, with idleness) gives it after each
   * record, and `watermark` after the batch (a partition gone idle); the engine then forwards
   * these instead of trailing the largest time by `maxOutOfOrderness`. Each never goes back.
   */
  watermarks?: number[];
  watermark?: number;
  /**
   * A source read in parallel (`OperatorContext.split`): the block of the stream this batch is,
   * counted from 0 over the whole stream. Each batch is exactly one block of this reader's,
   * in order; an empty block is still returned.
   */
  block?: number;
}

export interface SourceRuntime {
  /**
   * The next batch of at most `max` records, or null when a bounded source is exhausted.
   * A batch may be empty (a paced source with nothing due yet).
   */
  next(max: number): Promise<SourceBatch | null> | SourceBatch | null;
  /** Bounded-out-of-orderness of its event times in ms, or null when it has no event time. */
  readonly maxOutOfOrderness: number | null;
  /**
   * Its position just after the last record next() returned (not what it read ahead), as
   * plain JSON data. May be called between two next() calls or while one is pending: records
   * of a pending next() are not counted, and nothing it sent on (dead letters) is left out.
   */
  snapshot?(): unknown;
  /**
   * Goes back to what snapshot() gave: called once, after create() and before the first
   * next(); the source then continues right after that position.
   */
  restore?(state: unknown): void;
  /** The checkpoint `id` is durable (e.g. commit its offsets to a consumer group). */
  checkpointComplete?(id: number): Promise<void> | void;
  close?(): void | Promise<void>;
}

/**
 * Records (or lines) per block of a source read in parallel. What a block costs — a claim, a
 * message per worker per edge that crosses, a partial per key and pane (parallel/exchange.ts) —
 * is paid per block; a worker ends at most a block after the other. Nexmark q5 at parallelism
 * 2, 50 runs each way in turns: 4,096 lines took 8 % less CPU than 1,024, and 2,048, 8,192 or
 * 16,384 took 3-5 % more than 4,096.
 */
export const SPLIT_BLOCK = 4096;
