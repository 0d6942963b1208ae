import { parseDuration } from '@rivulet/shared-types';
import { z } from 'zod';

/**
 * The most records one key buffers on each side. With wide bounds ("-1000d" to "1000d") a
 * buffered record waits that long for the watermark to drop it, so a fast stream would grow
 * a key's buffers, and the records each new record joins, without bound. Past it, the side's
 * earliest record (by event time, then arrival) is evicted: it joins no later record.
 */
export const MAX_BUFFERED_PER_KEY = 10_000;
/**
 * The most output pairs one record produces: those with the earliest records of the other side
 * (by event time, then arrival); the rest are not produced.
 */
export const MAX_JOINED_PER_RECORD = 10_000;

/**
 * A signed duration in ms: an integer, or a spec §2 duration string with an optional leading
 * '-' ("-5s"). Interval bounds are offsets from the left record's time, so they may be negative.
 */
export function parseSignedDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value + 0 : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const negative = text.startsWith('-');
  const ms = parseDuration(negative ? text.slice(1) : text);
  if (ms === null) return null;
  return negative && ms !== 0 ? -ms : ms;
}

// Not `format: 'duration'`: the canvas's duration field refuses negative values. The canvas
// may map 'signed-duration' to a duration field that accepts a leading '-'.
const SignedDuration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseSignedDuration(value);
  if (ms === null) {
    ctx.addIssue({
      code: 'custom',
      message: `"${String(value)}" is not a signed duration: use milliseconds or a number and a unit (ms, s, m, h, d), with an optional leading "-", e.g. "-5s"`,
    });
    return z.NEVER;
  }
  return ms;
});

export const IntervalJoinParams = z
  .strictObject({
    lowerBound: SignedDuration.meta({
      format: 'signed-duration',
      description:
        'Earliest right time relative to the left record: right.ts >= left.ts + lowerBound (may be negative, e.g. "-5s")',
    }),
    upperBound: SignedDuration.meta({
      format: 'signed-duration',
      description:
        'Latest right time relative to the left record: right.ts <= left.ts + upperBound (at least lowerBound, e.g. "5s")',
    }),
    leftPrefix: z.string().default('').meta({
      description: "Prefix for the left record's field names in the output (default: none)",
    }),
    rightPrefix: z.string().default('right_').meta({
      description:
        "Prefix for the right record's field names in the output; on a clash the right value wins",
    }),
    broadcast: z.enum(['none', 'left', 'right']).default('none').meta({
      description:
        'In a run in parallel (settings.parallelism), the side whose records go to every worker while the other stays where it is: the smaller one (e.g. one record per window). The same pairs either way; none: both sides go by key',
    }),
  })
  .superRefine((params, ctx) => {
    if (params.lowerBound > params.upperBound) {
      ctx.addIssue({
        code: 'custom',
        path: ['lowerBound'],
        message: `lowerBound (${params.lowerBound} ms) must not be above upperBound (${params.upperBound} ms)`,
      });
    }
  });

export type IntervalJoinParams = z.output<typeof IntervalJoinParams>;
