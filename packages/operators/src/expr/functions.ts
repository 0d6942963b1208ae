/**
 * The functions an expression may call (spec §6), by bare name only. Each takes JSON values and
 * returns a JSON value; a wrong-typed argument gives `null`, never an exception. Numbers that
 * would come out non-finite (NaN, ±Infinity) are `null` too.
 *
 * | function | arguments | result |
 * |---|---|---|
 * | `abs(x)` | number | `|x|` |
 * | `round(x, digits?)` | number, optional integer 0…15 | rounded half away from zero (`round(-2.5)` is -3), to `digits` decimals |
 * | `floor(x)`, `ceil(x)` | number | the integer below / above |
 * | `min(a, …)`, `max(a, …)` | numbers, or one array of numbers | the smallest / largest; null if any is not a number or there is none |
 * | `sqrt(x)` | number ≥ 0 | square root (null for negatives) |
 * | `pow(x, y)` | numbers | `x` to the power `y` |
 * | `log(x)` | number > 0 | natural logarithm (null for ≤ 0) |
 * | `exp(x)` | number | `e` to the `x` |
 * | `lower(s)`, `upper(s)` | string | lower / upper case (locale-independent) |
 * | `len(x)` | string or array | length (UTF-16 code units for strings) |
 * | `trim(s)` | string | without leading and trailing white space |
 * | `contains(s, part)` | two strings, or an array and any value | whether `s` contains `part` (arrays: an element `==` to it) |
 * | `hasWord(s, phrase)` | two strings | whether `phrase` occurs in `s` as whole words: both are split into words (runs of letters, combining marks and digits, any script) and compared without case, so `hasWord('It showed up', 'owe')` is false and `hasWord("I'm done!", 'i m done')` true; a phrase ending in `*` matches its last word as a prefix (`'cancel*'` matches "cancelled"); false when `phrase` has no word |
 * | `hasAnyWord(s, p1, p2, …)` | strings | whether any of the phrases occurs in `s` as whole words (as `hasWord`); `s` is split once |
 * | `startsWith(s, p)`, `endsWith(s, p)` | two strings | boolean |
 * | `substr(s, start, length?)` | string, numbers (truncated to integers) | like JS `substr`: a negative `start` counts from the end; to the end when no `length` |
 * | `concat(a, …)` | any | the `toString` of each argument joined; null arguments are skipped |
 * | `coalesce(a, …)` | any | the first argument that is not null (later ones are not evaluated), else null |
 * | `isNull(x)` | any | `true` when `x` is null or missing |
 * | `toNumber(x)` | any | numbers as they are; decimal strings (`" 1.5e3 "`) parsed; `true`/`false` → 1/0; else null |
 * | `toString(x)` | any | strings as they are; numbers and booleans as JS writes them; arrays and objects as JSON text; null stays null |
 * | `hour(t)`, `minute(t)` | number: ms since the epoch | 0…23 / 0…59, in UTC |
 * | `dayOfWeek(t)` | number: ms since the epoch | Monday = 1 … Sunday = 7, in UTC |
 * | `now()` | none | the wall clock in ms (the compile option `now`, by default `Date.now`) |
 *
 * A string a function builds (`concat`, `toString` of an array or object, `upper`, `lower`) is
 * at most MAX_STRING_LENGTH (1 MiB) characters long: past it the evaluation fails with an
 * ExpressionLimitError (limits.ts), the record becomes a dead letter.
 */
import { isDecimal } from '../core/decimal.js';
import { jsonSize, MAX_STRING_LENGTH, textTooLong } from './limits.js';
import { elementAt, finite, jsonEquals, toText } from './values.js';

type Fixed = (a: unknown, b: unknown, c: unknown) => unknown;
type Variadic = (args: readonly unknown[]) => unknown;

export type FunctionSpec = {
  readonly name: string;
  readonly signature: string;
  readonly summary: string;
  readonly minArgs: number;
  /** `Infinity` for the variadic ones. */
  readonly maxArgs: number;
} & (
  | { readonly kind: 'fixed'; readonly call: Fixed }
  | { readonly kind: 'variadic'; readonly call: Variadic }
  /** Evaluated lazily by the compiler. */
  | { readonly kind: 'coalesce' }
  /** Reads the clock: never folded into a constant. */
  | { readonly kind: 'now' }
);

const num1 =
  (f: (x: number) => number): Fixed =>
  (x) =>
    typeof x === 'number' ? finite(f(x)) : null;

const str1 =
  (f: (s: string) => unknown): Fixed =>
  (s) =>
    typeof s === 'string' ? f(s) : null;

const str2 =
  (f: (s: string, t: string) => unknown): Fixed =>
  (s, t) =>
    typeof s === 'string' && typeof t === 'string' ? f(s, t) : null;

const DAY = 86_400_000;
/** The range of a JS Date: beyond it there is no calendar to speak of. */
const MAX_TIME = 8.64e15;

const time1 =
  (f: (ms: number) => number): Fixed =>
  (t) =>
    typeof t === 'number' && Number.isFinite(t) && Math.abs(t) <= MAX_TIME
      ? f(Math.floor(t))
      : null;

const msInDay = (t: number): number => ((t % DAY) + DAY) % DAY;

function roundHalfAway(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

function round(x: unknown, digits: unknown): unknown {
  if (typeof x !== 'number') return null;
  if (digits === undefined) return finite(roundHalfAway(x));
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 0 || digits > 15) {
    return null;
  }
  const abs = Math.abs(x);
  const factor = 10 ** digits;
  const scaled = abs * factor;
  // At 2^52 and beyond a double has no fraction left at this scale: nothing to round.
  if (!(scaled < 2 ** 52)) return x;
  let shifted = Math.round(scaled) / factor;
  const text = Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6 ? String(abs) : 'e';
  if (!text.includes('e')) {
    // Near a tie the binary product misleads (1.005 * 100 = 100.49999…): shift the decimal
    // point in the text instead, which rounds the number as it is written.
    shifted = Number(`${Math.round(Number(`${text}e${digits}`))}e-${digits}`);
  }
  const r = Math.sign(x) * shifted;
  return finite(r === 0 ? 0 : r);
}

function extreme(args: readonly unknown[], pickMax: boolean): unknown {
  const only = args[0];
  const values = args.length === 1 && Array.isArray(only) ? (only as unknown[]) : args;
  if (values.length === 0) return null;
  let best = pickMax ? -Infinity : Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = elementAt(values, i);
    if (typeof v !== 'number') return null;
    if (pickMax ? v > best : v < best) best = v;
  }
  return finite(best);
}

function contains(s: unknown, part: unknown): unknown {
  if (typeof s === 'string') return typeof part === 'string' ? s.includes(part) : null;
  if (Array.isArray(s)) {
    for (let i = 0; i < s.length; i++) if (jsonEquals(elementAt(s, i), part)) return true;
    return false;
  }
  return null;
}

/**
 * The words of a text, lower case, each followed by a space: "I'm late!" is "i m late ".
 * One linear scan (no regular expression over user text), so any input costs its length.
 */
export function wordsOf(s: string): string {
  let out = '';
  let word = false;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const letter =
      c < 128
        ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
        : WORD_CHAR.test(ch);
    if (letter) {
      out += ch;
      word = true;
    } else if (word) {
      out += ' ';
      word = false;
    }
  }
  if (word) out += ' ';
  return out.toLowerCase();
}
/** A letter, a combining mark (é written as e + ´) or a digit, of any script. */
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

/**
 * The words of a phrase as wordsOf writes them; a phrase ending in `*` (`'cancel*'`) keeps its
 * last word open, so that it matches any word beginning with it (cancel, cancelled, cancelling).
 * Phrases are usually literals: their words are kept, up to a bound.
 */
const phraseWords = new Map<string, string>();
function phraseOf(phrase: string): string {
  let words = phraseWords.get(phrase);
  if (words === undefined) {
    words = wordsOf(phrase);
    if (words !== '' && phrase.trimEnd().endsWith('*')) words = words.slice(0, -1);
    if (phraseWords.size >= 4096) phraseWords.clear();
    phraseWords.set(phrase, words);
  }
  return words;
}

/** Whether `phrase` is a run of whole words of `words` (the output of wordsOf). */
function hasPhrase(words: string, phrase: string): boolean {
  const p = phraseOf(phrase);
  if (p === '') return false;
  return words.startsWith(p) || words.includes(' ' + p);
}

function hasAnyWord(args: readonly unknown[]): unknown {
  const s = args[0];
  if (typeof s !== 'string') return null;
  for (let i = 1; i < args.length; i++) if (typeof args[i] !== 'string') return null;
  const words = wordsOf(s);
  for (let i = 1; i < args.length; i++) if (hasPhrase(words, args[i] as string)) return true;
  return false;
}

function substr(s: unknown, start: unknown, length: unknown): unknown {
  if (typeof s !== 'string' || typeof start !== 'number' || Number.isNaN(start)) return null;
  if (length !== undefined && (typeof length !== 'number' || Number.isNaN(length))) return null;
  const n = s.length;
  let from = Math.trunc(start);
  if (from < 0) from = Math.max(n + from, 0);
  if (from >= n) return '';
  const count = length === undefined ? n - from : Math.trunc(length);
  if (count <= 0) return '';
  return s.slice(from, Math.min(from + count, n));
}

function concat(args: readonly unknown[]): string {
  let out = '';
  for (const a of args) {
    const t = textOf(a, 'concat');
    if (t !== null) out += t;
    if (out.length > MAX_STRING_LENGTH) throw textTooLong('concat');
  }
  return out;
}

/**
 * `toText`, within the cap: an array or object is measured before it is written, so that one
 * holding the same big value many times fails fast instead of writing gigabytes.
 */
function textOf(value: unknown, fn: string): string | null {
  if (typeof value === 'object' && value !== null) {
    if (jsonSize(value, MAX_STRING_LENGTH) > MAX_STRING_LENGTH) throw textTooLong(fn);
    const text = toText(value);
    if (text !== null && text.length > MAX_STRING_LENGTH) throw textTooLong(fn);
    return text;
  }
  return toText(value);
}

/** A string function whose result may be longer than its argument (upper('ß') is 'SS'). */
const growing =
  (fn: string, f: (s: string) => string): Fixed =>
  (s) => {
    if (typeof s !== 'string') return null;
    const out = f(s);
    if (out.length > MAX_STRING_LENGTH && out.length > s.length) throw textTooLong(fn);
    return out;
  };

/** Decimal text after trimming (`" 1.5e3 "`, `"+.5"`), read in linear time (core/decimal.ts). */
function toNumber(x: unknown): unknown {
  if (typeof x === 'number') return finite(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x !== 'string') return null;
  const t = x.trim();
  return isDecimal(t, true) ? finite(Number(t)) : null;
}

function len(x: unknown): unknown {
  if (typeof x === 'string' || Array.isArray(x)) return x.length;
  return null;
}

// One line per function reads as the table it is.
// prettier-ignore
const SPECS: readonly FunctionSpec[] = [
  { name: 'abs', signature: 'abs(x)', summary: 'absolute value', minArgs: 1, maxArgs: 1, kind: 'fixed', call: num1(Math.abs) },
  { name: 'round', signature: 'round(x, digits?)', summary: 'rounds half away from zero, to digits decimals (0…15)', minArgs: 1, maxArgs: 2, kind: 'fixed', call: round },
  { name: 'floor', signature: 'floor(x)', summary: 'the integer at or below x', minArgs: 1, maxArgs: 1, kind: 'fixed', call: num1(Math.floor) },
  { name: 'ceil', signature: 'ceil(x)', summary: 'the integer at or above x', minArgs: 1, maxArgs: 1, kind: 'fixed', call: num1(Math.ceil) },
  { name: 'min', signature: 'min(a, b, …)', summary: 'the smallest number (or of one array of numbers)', minArgs: 1, maxArgs: Infinity, kind: 'variadic', call: (args) => extreme(args, false) },
  { name: 'max', signature: 'max(a, b, …)', summary: 'the largest number (or of one array of numbers)', minArgs: 1, maxArgs: Infinity, kind: 'variadic', call: (args) => extreme(args, true) },
  { name: 'sqrt', signature: 'sqrt(x)', summary: 'square root; null for negatives', minArgs: 1, maxArgs: 1, kind: 'fixed', call: num1(Math.sqrt) },
  { name: 'pow', signature: 'pow(x, y)', summary: 'x to the power y', minArgs: 2, maxArgs: 2, kind: 'fixed', call: (x, y) => (typeof x === 'number' && typeof y === 'number' ? finite(x ** y) : null) },
  { name: 'log', signature: 'log(x)', summary: 'natural logarithm; null for x ≤ 0', minArgs: 1, maxArgs: 1, kind: 'fixed', call: num1(Math.log) },
  { name: 'exp', signature: 'exp(x)', summary: 'e to the power x', minArgs: 1, maxArgs: 1, kind: 'fixed', call: num1(Math.exp) },
  { name: 'lower', signature: 'lower(s)', summary: 'lower case', minArgs: 1, maxArgs: 1, kind: 'fixed', call: growing('lower', (s) => s.toLowerCase()) },
  { name: 'upper', signature: 'upper(s)', summary: 'upper case', minArgs: 1, maxArgs: 1, kind: 'fixed', call: growing('upper', (s) => s.toUpperCase()) },
  { name: 'len', signature: 'len(x)', summary: 'length of a string or an array', minArgs: 1, maxArgs: 1, kind: 'fixed', call: len },
  { name: 'trim', signature: 'trim(s)', summary: 'without surrounding white space', minArgs: 1, maxArgs: 1, kind: 'fixed', call: str1((s) => s.trim()) },
  { name: 'contains', signature: 'contains(s, part)', summary: 'substring test, or membership in an array', minArgs: 2, maxArgs: 2, kind: 'fixed', call: contains },
  { name: 'hasWord', signature: 'hasWord(s, phrase)', summary: 'whether phrase occurs in s as whole words, ignoring case', minArgs: 2, maxArgs: 2, kind: 'fixed', call: (s, p) => hasAnyWord([s, p]) },
  { name: 'hasAnyWord', signature: 'hasAnyWord(s, phrase, …)', summary: 'whether any phrase occurs in s as whole words, ignoring case', minArgs: 2, maxArgs: Infinity, kind: 'variadic', call: hasAnyWord },
  { name: 'startsWith', signature: 'startsWith(s, prefix)', summary: 'whether s starts with prefix', minArgs: 2, maxArgs: 2, kind: 'fixed', call: str2((s, p) => s.startsWith(p)) },
  { name: 'endsWith', signature: 'endsWith(s, suffix)', summary: 'whether s ends with suffix', minArgs: 2, maxArgs: 2, kind: 'fixed', call: str2((s, p) => s.endsWith(p)) },
  { name: 'substr', signature: 'substr(s, start, length?)', summary: 'part of a string; a negative start counts from the end', minArgs: 2, maxArgs: 3, kind: 'fixed', call: substr },
  { name: 'concat', signature: 'concat(a, b, …)', summary: 'joins the text of its arguments, skipping nulls', minArgs: 1, maxArgs: Infinity, kind: 'variadic', call: concat },
  { name: 'coalesce', signature: 'coalesce(a, b, …)', summary: 'the first argument that is not null', minArgs: 1, maxArgs: Infinity, kind: 'coalesce' },
  { name: 'isNull', signature: 'isNull(x)', summary: 'whether x is null or missing', minArgs: 1, maxArgs: 1, kind: 'fixed', call: (x) => x === null || x === undefined },
  { name: 'toNumber', signature: 'toNumber(x)', summary: 'a number from a number, a decimal string or a boolean; else null', minArgs: 1, maxArgs: 1, kind: 'fixed', call: toNumber },
  { name: 'toString', signature: 'toString(x)', summary: 'text of a value (JSON for arrays and objects); null stays null', minArgs: 1, maxArgs: 1, kind: 'fixed', call: (x) => textOf(x, 'toString') },
  { name: 'hour', signature: 'hour(t)', summary: 'hour 0…23 of a time in ms, UTC', minArgs: 1, maxArgs: 1, kind: 'fixed', call: time1((t) => Math.floor(msInDay(t) / 3_600_000)) },
  { name: 'minute', signature: 'minute(t)', summary: 'minute 0…59 of a time in ms, UTC', minArgs: 1, maxArgs: 1, kind: 'fixed', call: time1((t) => Math.floor(msInDay(t) / 60_000) % 60) },
  // 1970-01-01 was a Thursday (4).
  { name: 'dayOfWeek', signature: 'dayOfWeek(t)', summary: 'day of the week of a time in ms, UTC: Monday = 1 … Sunday = 7', minArgs: 1, maxArgs: 1, kind: 'fixed', call: time1((t) => ((((Math.floor(t / DAY) + 3) % 7) + 7) % 7) + 1) },
  { name: 'now', signature: 'now()', summary: 'the wall clock in ms', minArgs: 0, maxArgs: 0, kind: 'now' },
];

/** By name, without a prototype, so `FUNCTIONS.get('constructor')` is simply undefined. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(SPECS.map((s) => [s.name, s]));

export const FUNCTION_SPECS: readonly FunctionSpec[] = Object.freeze([...SPECS]);
