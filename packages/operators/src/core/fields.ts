import type { Rec } from './runtime.js';

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
