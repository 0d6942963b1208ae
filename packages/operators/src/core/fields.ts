import type { Rec } from './runtime.js';

/** Object.prototype, read by field name. */
export const PROTO = Object.prototype as Record<string, unknown>;

/**
 * A record's own field, null when missing or undefined: `Object.hasOwn(record, name) ?
 * (record[name] ?? null) : null`, for records of plain data (their prototype is Object.prototype,
 * or null). A value that is not Object.prototype's under that name cannot be inherited, so the
 * own-property check (a call V8 does not inline, about 10 ns) is left for names such as
 * `constructor` on a record without one.
 *
 * Hot paths write these lines out (KeyMaker, the window's rows of numbers): a load `record[name]`
 * in a function shared by every field sees many names and goes megamorphic, slower than
 * `Object.hasOwn` (two reads of different fields: 69 ns through this function, 42 ns with
 * hasOwn at each site, 13 ns with these lines at each site).
 */
export function fieldOf(record: Rec, name: string): unknown {
  const value = record[name];
  if (value === undefined || value === null) return null;
  // `__proto__` reads as the prototype through Object.prototype's accessor, which itself is not.
  if (value !== PROTO[name] && name !== '__proto__') return value;
  return Object.hasOwn(record, name) ? value : null;
}

/** Sets a field even when it is named `__proto__` (field names are any strings, spec §2). */
export function setField(record: Rec, name: string, value: unknown): void {
  if (name === '__proto__') {
    Object.defineProperty(record, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    record[name] = value;
  }
}

/** Copies a record's own fields, each name prefixed. */
export function copyFields(into: Rec, from: Rec, prefix: string): void {
  for (const name in from) {
    if (Object.hasOwn(from, name)) setField(into, prefix + name, from[name]);
  }
}
