/** Flink SQL text: quoting, literals and intervals, each written one way. */

/** A quoted identifier: `name`, with backquotes doubled. */
export function ident(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** A string literal: '…' with quotes doubled (backslashes are literal in Flink SQL). */
export function stringLiteral(text: string): string {
  return "'" + text.replaceAll("'", "''") + "'";
}

/** A DOUBLE literal: `1.5E0`, `1E21`; JavaScript's digits, so the value is the same double. */
export function numberLiteral(value: number): string {
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa}E${Number(exponent)}`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Flink's planner refuses a day-time interval whose leading precision is above 3. */
const MAX_DAYS = 999;

/**
 * A duration in ms as an interval Flink accepts: whole units below 100 in their own unit
 * (`INTERVAL '10' SECOND`, `INTERVAL '2.001' SECOND`), anything else as days to milliseconds
 * (a unit's default leading precision is 2 digits, so `INTERVAL '3600' SECOND` is refused) with
 * at most 3 digits of days (`DAY(3)`: the planner refuses more), and 1000 days or more as a sum
 * of such intervals.
 */
export function interval(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`not a duration in ms: ${ms}`);
  for (const [unit, size] of [
    ['DAY', DAY],
    ['HOUR', HOUR],
    ['MINUTE', MINUTE],
  ] as const) {
    if (ms > 0 && ms % size === 0 && ms / size < 100) return `INTERVAL '${ms / size}' ${unit}`;
  }
  if (ms < 100 * SECOND) return `INTERVAL '${seconds(ms)}' SECOND`;
  if (ms > MAX_DAYS * DAY) {
    const parts: string[] = [];
    for (let rest = ms; rest > 0; rest -= Math.min(rest, MAX_DAYS * DAY))
      parts.push(dayToSecond(Math.min(rest, MAX_DAYS * DAY)));
    return `(${parts.join(' + ')})`;
  }
  return dayToSecond(ms);
}

function dayToSecond(ms: number): string {
  const days = Math.floor(ms / DAY);
  const rest = ms - days * DAY;
  const hh = String(Math.floor(rest / HOUR)).padStart(2, '0');
  const mm = String(Math.floor((rest % HOUR) / MINUTE)).padStart(2, '0');
  const ss = String(Math.floor((rest % MINUTE) / SECOND)).padStart(2, '0');
  const fff = String(rest % SECOND).padStart(3, '0');
  return `INTERVAL '${days} ${hh}:${mm}:${ss}.${fff}' DAY(3) TO SECOND(3)`;
}

function seconds(ms: number): string {
  const whole = Math.floor(ms / SECOND);
  const fraction = ms % SECOND;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(3, '0')}`;
}

/**
 * `window_start`/`window_end` (TIMESTAMP(3) in the session's UTC) as epoch milliseconds: whole
 * seconds from EPOCH, and the milliseconds apart (a cast to a number is refused, and
 * TIMESTAMPDIFF drops milliseconds or overflows after 2038).
 */
export function epochMs(column: string): string {
  return `(EXTRACT(EPOCH FROM ${column}) * 1000 + MOD(EXTRACT(MILLISECOND FROM ${column}), 1000))`;
}
