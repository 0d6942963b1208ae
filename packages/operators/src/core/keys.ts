import { setField } from './fields.js';
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

  /** One more holder of `key` (a window of it). */
  acquire(key: Key): void {
    const entry = this.entries.get(key);
    if (entry === undefined) this.entries.set(key, { values: keyValues(key), refs: 1 });
    else entry.refs++;
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
