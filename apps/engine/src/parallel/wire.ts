// How an exchange message crosses from one worker to another: column by column. Numbers (times,
// watermarks, numeric fields) go as Float64Arrays whose memory is handed over, not copied; the
// rest as one JSON text per column (records are JSON values, spec §2, and V8 writes and reads
// one JSON text faster than it clones many small values).
import type { Key, Rec } from '@rivulet/operators';
import type { ExchangeMessage, Partials, Sealed } from './exchange.js';

/** One column: every value a number, or the values as JSON with a mask of the absent ones. */
type Column =
  | { n: Float64Array }
  | { json: string; absent: Uint8Array | null }
  /** Records of an edge that carries every field: the records themselves as JSON. */
  | { records: string };

/**
 * What replaces a message's records, keys and times as it crosses. Keys: their JSON text, or
 * null when the receiver remakes them from the records (an edge out of a keyBy: its keys are
 * the records' own, and remade they are the receiver's interned strings).
 */
interface Crossing {
  times: Float64Array;
  fields: string[] | null;
  columns: Column[];
  keys: string | null;
  /** A block's records merged (exchange.ts Partials): no columns then, and keys as JSON. */
  partials: Partials | null;
}

/** How a receiver remakes the keys of an edge out of a keyBy (null: they come with it). */
export type Remake = ((record: Rec) => Key) | null;
type Block = Extract<ExchangeMessage, { t: 'block' }>;
type Items = Extract<ExchangeMessage, { t: 'items' }>;

export type Wire =
  | Extract<ExchangeMessage, { t: 'end' }>
  | (Omit<Block, 'records' | 'keys' | 'times' | 'before' | 'partials'> &
      Crossing & { before: Float64Array })
  | (Omit<Items, 'records' | 'keys' | 'times' | 'marks' | 'partials'> &
      Crossing & { marks: Uint8Array });

function column(records: readonly Rec[], field: string): Column {
  const n = records.length;
  const numbers = new Float64Array(n);
  let i = 0;
  for (; i < n; i++) {
    const record = records[i];
    // No record: a watermark's place among the items (its value is never read).
    if (record === null || record === undefined) numbers[i] = NaN;
    else {
      const value = record[field];
      if (typeof value !== 'number') break;
      numbers[i] = value;
    }
  }
  if (i === n) return { n: numbers };
  const values = new Array<unknown>(n);
  let absent: Uint8Array | null = null;
  for (let j = 0; j < n; j++) {
    const record = records[j];
    if (record !== null && record !== undefined && Object.hasOwn(record, field))
      values[j] = record[field];
    else {
      absent ??= new Uint8Array(n);
      absent[j] = 1;
      values[j] = null;
    }
  }
  return { json: JSON.stringify(values), absent };
}

function columns(records: readonly Rec[], fields: string[] | null): Column[] {
  if (fields === null) return [{ records: JSON.stringify(records) }];
  return fields.map((f) => column(records, f));
}

function rows(n: number, fields: string[] | null, cols: Column[]): Rec[] {
  if (fields === null) return JSON.parse((cols[0] as { records: string }).records) as Rec[];
  const out = new Array<Rec>(n);
  for (let i = 0; i < n; i++) out[i] = {};
  for (let c = 0; c < cols.length; c++) {
    const field = fields[c]!;
    const col = cols[c]!;
    if ('n' in col) {
      const values = col.n;
      for (let i = 0; i < n; i++) out[i]![field] = values[i];
      continue;
    }
    const values = JSON.parse((col as { json: string }).json) as unknown[];
    const absent = (col as { absent: Uint8Array | null }).absent;
    for (let i = 0; i < n; i++) if (absent === null || absent[i] === 0) out[i]![field] = values[i];
  }
  return out;
}

/**
 * The message as it crosses, and the memory it hands over. `fields`: the only fields the edge
 * carries (placement.ts), null for all of them; `remade`: whether the receiver remakes its keys.
 */
export function encode(
  m: ExchangeMessage,
  fields: string[] | null,
  remade = false,
): { wire: Wire; transfer: ArrayBuffer[] } {
  if (m.t === 'end') return { wire: m, transfer: [] };
  const partials = m.partials ?? null;
  const cols = partials !== null ? [] : columns(m.records, fields);
  const transfer: ArrayBuffer[] = [];
  for (const c of cols) if ('n' in c) transfer.push(c.n.buffer as ArrayBuffer);
  if (partials !== null)
    transfer.push(partials.rows.buffer as ArrayBuffer, partials.counts.buffer as ArrayBuffer);
  const times = Float64Array.from(m.times);
  transfer.push(times.buffer);
  // Keys are remade from records: merged records cross with theirs.
  const keys = remade && partials === null ? null : JSON.stringify(m.keys);
  if (m.t === 'block') {
    const before = Float64Array.from(m.before);
    transfer.push(before.buffer);
    const { edge, source, block, blockMax } = m;
    return {
      wire: {
        t: 'block',
        edge,
        source,
        block,
        blockMax,
        times,
        before,
        fields,
        columns: cols,
        keys,
        partials,
      },
      transfer,
    };
  }
  const marks = Uint8Array.from(m.marks);
  transfer.push(marks.buffer);
  return {
    wire: {
      t: 'items',
      edge: m.edge,
      from: m.from,
      marks,
      times,
      fields,
      columns: cols,
      keys,
      partials,
    },
    transfer,
  };
}

/** The message that `encode` made `w` from (`remake`: the keys, when they did not cross). */
export function decode(w: Wire, remake: Remake = null): ExchangeMessage {
  if (w.t === 'end') return w;
  const n = w.times.length;
  const records = w.partials !== null ? [] : rows(n, w.fields, w.columns);
  let keys: Key[];
  if (w.keys !== null) keys = JSON.parse(w.keys) as Key[];
  else {
    if (remake === null) throw new Error('an exchange message came without its keys');
    keys = new Array<Key>(n);
    const marks = w.t === 'items' ? w.marks : null;
    // A watermark's place has no record, and no key.
    for (let i = 0; i < n; i++)
      keys[i] = marks !== null && marks[i] === 1 ? '' : remake(records[i]!);
  }
  const times = w.times;
  if (w.t === 'block')
    return {
      t: 'block',
      edge: w.edge,
      source: w.source,
      block: w.block,
      blockMax: w.blockMax,
      records,
      times,
      keys,
      before: w.before,
      ...(w.partials !== null ? { partials: w.partials } : {}),
    };
  return {
    t: 'items',
    edge: w.edge,
    from: w.from,
    marks: w.marks,
    records,
    times,
    keys,
    ...(w.partials !== null ? { partials: w.partials } : {}),
  };
}

/** A block as it crossed, opened (its records made) only when its turn in stream order comes. */
export function sealed(w: Extract<Wire, { t: 'block' }>, remake: Remake = null): Sealed {
  const { edge, source, block } = w;
  return { t: 'sealed', edge, source, block, open: () => decode(w, remake) as Block };
}

/** A block of this worker that waits for its turn, kept as it would cross (as encode, decode). */
export function seal(m: Block, fields: string[] | null, remake: Remake = null): Sealed {
  return sealed(encode(m, fields, remake !== null).wire as Extract<Wire, { t: 'block' }>, remake);
}
