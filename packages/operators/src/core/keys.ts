import { PROTO, setField } from './fields.js';
import { NO_KEY, type Key, type Rec } from './runtime.js';

/** The key of a record: the JSON text of its key values, a missing field being null. */
export function keyOf(record: Rec, fields: readonly string[]): string {
  if (fields.length === 1) {
    const value = Object.hasOwn(record, fields[0]!) ? record[fields[0]!] : null;
    return '[' + JSON.stringify(value ?? null) + ']';
  }
  const values = new Array<unknown>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    values[i] = Object.hasOwn(record, fields[i]!) ? (record[fields[i]!] ?? null) : null;
  }
  return JSON.stringify(values);
}

/** Entries of each generation of a KeyMaker's table, and the longest string value it keeps. */
const INTERNED = 50_000;
const INTERNED_LENGTH = 64;

/**
 * `keyOf` for a keyBy: a key of one field with a short primitive value is made once and
 * handed out again, so that a key costs no allocation per record and, being the same string
 * every time, hashes once for every Map that holds state by it downstream. Bounded by two
 * generations (the young table, when full, becomes the old one and the old one is dropped), so
 * keys seen lately stay whatever the number of keys.
 */
export class KeyMaker {
  private young = new Map<unknown, Key>();
  private old = new Map<unknown, Key>();
  private readonly field: string | null;

  constructor(private readonly fields: readonly string[]) {
    this.field = fields.length === 1 ? fields[0]! : null;
  }

  keyOf(record: Rec): Key {
    const field = this.field;
    if (field === null) return keyOf(record, this.fields);
    // fieldOf (fields.ts), written out so that this load sees only its own field's name.
    let value = record[field];
    if (value === undefined) value = null;
    else if (value === PROTO[field] || field === '__proto__')
      value = Object.hasOwn(record, field) ? value : null;
    const type = typeof value;
    if (!(
      type === 'number' ||
      type === 'boolean' ||
      (type === 'string' && (value as string).length <= INTERNED_LENGTH)
    )) {
      return keyOf(record, this.fields);
    }
    let key = this.young.get(value);
    if (key !== undefined) return key;
    // JSON.stringify of the array makes one flat string (concatenation would make a rope).
    key = this.old.get(value) ?? JSON.stringify([value]);
    if (this.young.size >= INTERNED) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(value, key);
    return key;
  }
}

/** A key's values, read back from its text once: `[]` for the stream that is not keyed. */
export function keyValues(key: Key): unknown[] {
  if (key === NO_KEY) return [];
  // The usual key, one string that needed no escape (`["c1"]`): its text is the value.
  const last = key.length - 2;
  if (
    last >= 2 &&
    key.charCodeAt(1) === 34 &&
    key.indexOf('"', 2) === last &&
    key.charCodeAt(0) === 91 &&
    key.charCodeAt(last + 1) === 93 &&
    key.indexOf('\\') === -1
  ) {
    return [key.slice(2, last)];
  }
  const parsed: unknown = JSON.parse(key);
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** Sets the key fields of an output record from the key's values (a missing value is null). */
export function setKeyFields(
  out: Rec,
  fields: readonly string[],
  values: readonly unknown[],
): void {
  for (let i = 0; i < fields.length; i++) setField(out, fields[i]!, values[i] ?? null);
}

/**
 * The values of the keys that hold state, kept beside it: a key's text is parsed when its first
 * window opens and forgotten when its last one is purged, so that firing never parses.
 */
export class KeyTable {
  private readonly entries = new Map<Key, { values: unknown[]; refs: number }>();

  /** One more holder of `key` (a window of it); returns the key's values. */
  acquire(key: Key): unknown[] {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.refs++;
      return entry.values;
    }
    const values = keyValues(key);
    this.entries.set(key, { values, refs: 1 });
    return values;
  }

  release(key: Key): void {
    const entry = this.entries.get(key);
    if (entry !== undefined && --entry.refs === 0) this.entries.delete(key);
  }

  /** The values of a key held by someone. */
  values(key: Key): unknown[] {
    return this.entries.get(key)?.values ?? keyValues(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Characters of a key shown in a dead letter's reason. */
const KEY_SHOWN = 200;

/** Names a key in a dead letter's reason. */
export function describeKey(key: Key): string {
  return key === NO_KEY ? 'the stream (not keyed)' : `key ${key.slice(0, KEY_SHOWN)}`;
}
