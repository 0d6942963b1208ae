import { Duration, PositiveDuration } from '@rivulet/shared-types';
import { z } from 'zod';
import { grouped, MAX_WINDOWS_PER_RECORD, tooManyWindows } from '../core/limits.js';

/**
 * The most live session windows one key holds. A session lives until its end + allowedLateness,
 * so a large lateness piles up a key's sessions. Past it, the key's earliest session is fired
 * (unless it has fired already) and dropped, and the record that opened the new session goes to
 * the dead letters; see the operator for why the earliest.
 */
export const MAX_SESSIONS_PER_KEY = 1000;

export const AGGREGATION_FNS = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'countDistinct',
  'first',
  'last',
] as const;

/** Output field names the window itself writes; an aggregation may not take them. */
export const RESERVED_OUTPUT_FIELDS: readonly string[] = ['windowStart', 'windowEnd'];

export const AggregationFn = z.enum(AGGREGATION_FNS).meta({
  description:
    'count: records (with a field: records where it is not null); sum, avg, min, max: of numeric values; countDistinct: distinct non-null values; first, last: by arrival',
});

export const Aggregation = z
  .strictObject({
    fn: AggregationFn,
    field: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'The record field to aggregate; required for all but count' }),
    as: z
      .string()
      .min(1, 'must not be empty')
      .meta({ description: 'Name of the output field that holds the result' }),
  })
  .superRefine((agg, ctx) => {
    if (agg.fn !== 'count' && agg.field === undefined) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `${agg.fn} needs a field` });
    }
    if (RESERVED_OUTPUT_FIELDS.includes(agg.as)) {
      ctx.addIssue({
        code: 'custom',
        path: ['as'],
        message: `"${agg.as}" is written by the window itself; choose another name`,
      });
    }
  })
  .meta({ description: 'One aggregation: a function, the field it reads, the output name' });

export type Aggregation = z.infer<typeof Aggregation>;

export const WindowKind = z.enum(['tumbling', 'sliding', 'session']).meta({
  description:
    'tumbling: fixed windows of `size`; sliding: windows of `size` every `slide`; session: records closer than `gap` share a window',
});

/** Which of size/slide/gap each kind takes. */
const FIELDS_OF_KIND = {
  tumbling: ['size'],
  sliding: ['size', 'slide'],
  session: ['gap'],
} as const;
const SHAPE_FIELDS = ['size', 'slide', 'gap'] as const;

export const WindowParams = z
  .strictObject({
    kind: WindowKind.default('tumbling'),
    size: PositiveDuration.optional().meta({
      description: 'Window length (tumbling and sliding), e.g. "1m"',
      format: 'duration',
      showWhen: { kind: ['tumbling', 'sliding'] },
    }),
    slide: PositiveDuration.optional().meta({
      description: `How often a sliding window starts: at most \`size\`, and at least \`size\` / ${MAX_WINDOWS_PER_RECORD} (a record belongs to size/slide windows, at most ${MAX_WINDOWS_PER_RECORD}), e.g. "10s"`,
      format: 'duration',
      showWhen: { kind: ['sliding'] },
    }),
    gap: PositiveDuration.optional().meta({
      description: 'Session windows: the inactivity that closes a session, e.g. "30s"',
      format: 'duration',
      showWhen: { kind: ['session'] },
    }),
    allowedLateness: Duration.default(0).meta({
      description: `How long after a window fired a late record still updates it (and fires it again). Session windows: a key keeps at most ${grouped(MAX_SESSIONS_PER_KEY)} live sessions; past it, its earliest is fired and dropped`,
      format: 'duration',
    }),
    aggregations: z
      .array(Aggregation)
      .min(1, 'at least one aggregation')
      .default([{ fn: 'count', as: 'count' }])
      .superRefine((aggs, ctx) => {
        const seen = new Set<string>();
        aggs.forEach((agg, i) => {
          if (seen.has(agg.as)) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'as'],
              message: `"${agg.as}" is already the name of another aggregation`,
            });
          }
          seen.add(agg.as);
        });
      })
      .meta({ description: 'What each fired window outputs: one field per aggregation' }),
  })
  .superRefine((params, ctx) => {
    const wanted: readonly string[] = FIELDS_OF_KIND[params.kind];
    for (const field of SHAPE_FIELDS) {
      const given = params[field] !== undefined;
      if (wanted.includes(field) && !given) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `a ${params.kind} window needs ${field}`,
        });
      } else if (!wanted.includes(field) && given) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `a ${params.kind} window takes no ${field} (it takes ${wanted.join(' and ')})`,
        });
      }
    }
    // Flink accepts slide > size, but then records between windows join none and would be
    // reported as late although they are not: refused instead.
    if (
      params.kind === 'sliding' &&
      params.size !== undefined &&
      params.slide !== undefined &&
      params.slide > params.size
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['slide'],
        message: 'slide must not be longer than size, or some records would join no window',
      });
    }
    if (params.kind === 'sliding' && params.size !== undefined && params.slide !== undefined) {
      const problem = tooManyWindows(params.size, params.slide);
      if (problem !== null) ctx.addIssue({ code: 'custom', path: ['slide'], message: problem });
    }
  });

export type WindowParams = z.output<typeof WindowParams>;
