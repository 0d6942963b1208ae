import { PositiveDuration } from '@rivulet/shared-types';
import { z } from 'zod';
import { grouped } from '../core/limits.js';
import { Expr } from '../expr/index.js';

/** Output fields the operator writes itself; a step may not take their names. */
export const RESERVED_OUTPUT_FIELDS: readonly string[] = ['matchStart', 'matchEnd'];

export const MAX_STEPS = 8;
/** A sanity bound on `times.min`: a match holds that many records. */
export const MAX_TIMES = 1000;
/**
 * The most partial matches one key holds. With `noSkip` every record meeting the first step
 * starts one, and with a repeated step each may branch, so without a cap a fast stream grows
 * them, and the work per record, without bound.
 */
export const MAX_PARTIAL_MATCHES = 1000;
/**
 * The most records one key's partial matches hold together, a record counted once per partial
 * match holding it: the bound of what the matches one record completes write out, and of what
 * a snapshot stores per key. Enough for MAX_PARTIAL_MATCHES partial matches of MAX_TIMES records
 * ("1,000 or more within 10m" on a stream where every record qualifies holds 1,000 of them,
 * 500,500 records, before its first match).
 */
export const MAX_PARTIAL_MATCH_RECORDS = MAX_PARTIAL_MATCHES * MAX_TIMES;
/**
 * The most records the matches one record completes may hold together to be reported. With
 * `noSkip` and a repeated step, one record may complete a match for each of its key's partial
 * matches, each of them long; writing them all out could take a second for one record. At least
 * the largest match the params ask for (8 steps of 1,000 records).
 */
export const MAX_REPORTED_RECORDS = 10_000;

export const PatternTimes = z
  .strictObject({
    min: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_TIMES, `must be at most ${MAX_TIMES}`)
      .meta({
        description: `The step matches this many records or more (Flink timesOrMore), at most ${MAX_TIMES}`,
      }),
  })
  .meta({
    description:
      'Makes the step repeat: N or more records satisfying `where`, unrelated records in between ignored. Absent: exactly one record.',
  });

export const PatternStep = z
  .strictObject({
    name: z
      .string()
      .min(1, 'must not be empty')
      .meta({ description: 'Name of the step: the output field that holds its matched record(s)' }),
    where: Expr.meta({
      description: "Condition a record must satisfy to match this step, e.g. type == 'transfer'",
    }),
    times: PatternTimes.optional(),
  })
  .meta({ description: 'One step of the pattern: a name, a condition, optionally a repetition' });

export type PatternStep = z.infer<typeof PatternStep>;

export const AfterMatch = z.enum(['skipPastLastEvent', 'noSkip']).meta({
  description: `skipPastLastEvent: after a match, every pending partial match is dropped, so records of one match never start or join another (one alert per occurrence); noSkip: every match is reported, overlapping ones too (a key holds at most ${grouped(MAX_PARTIAL_MATCHES)} partial matches: beyond, those begun earliest are dropped, as dead letters)`,
});

export const PatternParams = z.strictObject({
  steps: z
    .array(PatternStep)
    .min(1, 'at least one step')
    .max(MAX_STEPS, `at most ${MAX_STEPS} steps`)
    .superRefine((steps, ctx) => {
      const seen = new Set<string>();
      steps.forEach((step, i) => {
        if (RESERVED_OUTPUT_FIELDS.includes(step.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'name'],
            message: `"${step.name}" is written by the pattern itself; choose another name`,
          });
        } else if (seen.has(step.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'name'],
            message: `"${step.name}" is already the name of another step`,
          });
        }
        seen.add(step.name);
      });
    })
    .meta({
      description:
        'The sequence to find, in event-time order; each step is followed by the next with unrelated records allowed in between (Flink followedBy)',
    }),
  within: PositiveDuration.meta({
    description:
      'The whole match must fit in this span of event time: last record time - first record time < within, e.g. "10m"',
    format: 'duration',
  }),
  afterMatch: AfterMatch.default('skipPastLastEvent'),
});

export type PatternParams = z.output<typeof PatternParams>;
