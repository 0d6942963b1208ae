/**
 * Caps shared by operators, so that no valid pipeline makes an operator do unbounded work per
 * record. Each is stated in the help of the params it constrains, and every operator's own caps
 * (pattern's partial matches, the expression language's strings) sit beside its params.
 */

/**
 * The most windows one record may belong to. A sliding window of `size` every `slide` assigns
 * each record to ⌈size / slide⌉ windows (size 1d, slide 1ms: 86,400,000), each a state update
 * and later an output row; beyond this cap the params are refused.
 */
export const MAX_WINDOWS_PER_RECORD = 1000;

/** How many sliding windows of `size` starting every `slide` hold a record, at most. */
export function windowsPerRecord(size: number, slide: number): number {
  return Math.ceil(size / slide);
}

/**
 * Why a sliding window is refused for its slide, or null: the rule of `window` and `topN`, for
 * their params' refinements (the problem lands on the field `slide`).
 */
export function tooManyWindows(size: number, slide: number): string | null {
  const windows = windowsPerRecord(size, slide);
  if (windows <= MAX_WINDOWS_PER_RECORD) return null;
  return `a record would belong to ${grouped(windows)} windows (size/slide); at most ${grouped(MAX_WINDOWS_PER_RECORD)} — use a larger slide`;
}

/** 86400000 → "86,400,000", the same in every locale (a whole number; others as String). */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}

/**
 * The deepest a record may be nested: objects and arrays within each other, the record itself
 * being depth 1 (`{"a":[1]}` is 2). JSON.parse takes any depth, but JSON.stringify and other
 * walks (sinks, dead letters, whole-record keys, `==`) recurse and overflow the stack a few
 * thousand levels down, so a source refuses a deeper record as a dead letter.
 */
export const MAX_RECORD_DEPTH = 64;

/** Whether `value` nests objects and arrays more than `levels` deep; recurses `levels` at most. */
export function isDeeperThan(value: unknown, levels: number): boolean {
  return typeof value === 'object' && value !== null && deeper(value, levels);
}

function deeper(v: object, levels: number): boolean {
  if (levels <= 0) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const child: unknown = v[i];
      if (typeof child === 'object' && child !== null && deeper(child, levels - 1)) return true;
    }
    return false;
  }
  for (const k in v) {
    const child: unknown = (v as Record<string, unknown>)[k];
    // Own keys only, tested for objects alone: most values are not, and the test costs.
    if (typeof child !== 'object' || child === null || !Object.hasOwn(v, k)) continue;
    if (deeper(child, levels - 1)) return true;
  }
  return false;
}

/**
 * Whether JSON text has more than `levels` opening brackets (`{` or `[`, in strings too): only
 * then can it nest deeper than `levels`. A few `indexOf` calls for a usual line, so that the
 * parsed value is walked only when it might be deep.
 */
export function hasMoreOpenersThan(text: string, levels: number): boolean {
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
    if (++count > levels) return true;
  }
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) {
    if (++count > levels) return true;
  }
  return false;
}
