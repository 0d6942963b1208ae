/**
 * What an operator's runtime sees: records, watermarks and a context to emit through.
 * It never knows about sockets, other operators' files, or the server.
 */

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
  /** Lines of a text file, in chunks of lines (without the newline), as read. */
  readLines(path: string): AsyncIterable<string[]>;
  openWriter(path: string): LineWriter;
  /** Prints one line (sink.console). */
  print(line: string): void;
}

export interface LineWriter {
  /** Queues one line; false when the writer's buffer is above its high-water mark. */
  write(line: string): boolean;
  /** Resolves once the buffer is below its high-water mark again. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export interface OperatorContext {
  readonly nodeId: string;
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
   * The watermark has risen to `wm` (may be +Infinity at the end of a bounded run): fire what
   * is due. The engine forwards the watermark downstream after this returns.
   */
  onWatermark?(wm: number): void;
  /** Keyed state as plain JSON data, for checkpoints. */
  snapshot?(): unknown;
  restore?(state: unknown): void;
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
}

export interface SourceRuntime {
  /**
   * The next batch of at most `max` records, or null when a bounded source is exhausted.
   * A batch may be empty (a paced source with nothing due yet).
   */
  next(max: number): Promise<SourceBatch | null> | SourceBatch | null;
  /** Bounded-out-of-orderness of its event times in ms, or null when it has no event time. */
  readonly maxOutOfOrderness: number | null;
  close?(): void | Promise<void>;
}
