import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION_TEXT = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** Parses a spec §2 duration to whole milliseconds, or returns null when it does not parse. */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && Number.isSafeInteger(value) ? value : null;
  }
  if (typeof value !== 'string') return null;
  const match = DURATION_TEXT.exec(value.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return Number.isSafeInteger(Math.round(ms)) ? Math.round(ms) : null;
}

/** A duration param: accepts `500`, `"500ms"`, `"1.5m"`…; parses to milliseconds. */
export const Duration = z
  .union([z.number(), z.string()])
  .meta({ format: 'duration', description: 'Milliseconds, or a number and a unit: ms, s, m, h, d' })
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === null) {
      ctx.addIssue({
        code: 'custom',
        message: `"${String(value)}" is not a duration: use milliseconds or a number and a unit (ms, s, m, h, d), e.g. "10s"`,
      });
      return z.NEVER;
    }
    return ms;
  });

/** A duration that must be above zero (window sizes, gaps). */
export const PositiveDuration = Duration.refine((ms) => ms > 0, 'must be longer than 0ms');
