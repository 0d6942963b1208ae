import type { Rec } from './runtime.js';

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
