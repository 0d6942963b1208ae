/**
 * Decimal number text, recognised in one pass. It replaces the regular expression
 * `^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`, which backtracks on a long run of digits followed
 * by a character that fails it (each split of the run between `\d+` and `\d*` is tried):
 * 20,000 digits took over a second, 100,000 would take half a minute, on user data.
 */

const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const UPPER_E = 69;
const LOWER_E = 101;

/** Index of the first character at or after `i` that is not an ASCII digit. */
function skipDigits(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    i++;
  }
  return i;
}

/**
 * Whether the whole of `s` is `[sign] (digits [. [digits]] | . digits) [(e|E) [+|-] digits]`,
 * with ASCII digits only, no spaces. `leadingPlus`: whether the sign may be `+` as well as `-`
 * (the expression language's `toNumber` takes it; a CSV cell does not).
 */
export function isDecimal(s: string, leadingPlus: boolean): boolean {
  const n = s.length;
  let i = 0;
  const first = s.charCodeAt(0);
  if (first === MINUS || (leadingPlus && first === PLUS)) i++;
  const intStart = i;
  i = skipDigits(s, i);
  let digits = i - intStart;
  if (s.charCodeAt(i) === DOT) {
    const fracStart = ++i;
    i = skipDigits(s, i);
    digits += i - fracStart;
  }
  if (digits === 0) return false;
  if (i === n) return true;
  const e = s.charCodeAt(i);
  if (e !== LOWER_E && e !== UPPER_E) return false;
  i++;
  const sign = s.charCodeAt(i);
  if (sign === PLUS || sign === MINUS) i++;
  const expStart = i;
  i = skipDigits(s, i);
  return i > expStart && i === n;
}
