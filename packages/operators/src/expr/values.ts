/**
 * Value rules shared by operators and functions: truthiness, strict JSON equality and
 * own-property reads. Nothing here ever throws on a JSON value or reaches a prototype.
 */

/** `null`, `undefined`, `false`, `0`, `-0`, `NaN` and `''` are false; everything else (`[]`, `{}` too) is true. */
export function isTruthy(value: unknown): boolean {
  return !!value;
}

/** Beyond this depth, equality falls back to comparing JSON text (which also copes with cycles). */
const MAX_EQUAL_DEPTH = 200;

/**
 * `==` of spec §6: numbers, strings, booleans and null by value, never coercing; arrays and
 * objects as JSON values (element by element; objects by their own keys, in any order).
 */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return deepEquals(a, b, 0);
}

function deepEquals(a: object, b: object, depth: number): boolean {
  if (depth > MAX_EQUAL_DEPTH) return jsonTextEquals(a, b);
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return false;
  if (aArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (!equalsAt(elementAt(x, i), elementAt(y, i), depth)) return false;
    }
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of keys) {
    if (!Object.hasOwn(y, k) || !equalsAt(x[k], y[k], depth)) return false;
  }
  return true;
}

function equalsAt(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return deepEquals(a, b, depth + 1);
}

function jsonTextEquals(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/** An object's own property, or null; arrays, primitives and null have no keys here. */
export function readKey(o: unknown, key: string): unknown {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return null;
  return Object.hasOwn(o, key) ? ((o as Record<string, unknown>)[key] ?? null) : null;
}

/** An array's element (own, so holes are null), or an object's key spelled as the number. */
export function readIndex(o: unknown, index: number): unknown {
  if (Array.isArray(o)) return elementAt(o as unknown[], index);
  return readKey(o, String(index));
}

/** `a[i]` without ever consulting Array.prototype (a hole would). */
export function elementAt(a: readonly unknown[], i: number): unknown {
  return Object.hasOwn(a, i) ? (a[i] ?? null) : null;
}

/** `toString()` of the language: null stays null; objects and arrays become JSON text. */
export function toText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return null;
      try {
        return JSON.stringify(value) ?? null;
      } catch {
        return null;
      }
    default:
      return null;
  }
}

/** Non-finite numbers (NaN, ±Infinity) never leave an operator: they become null. */
export function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
