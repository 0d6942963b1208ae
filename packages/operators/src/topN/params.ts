import { Duration, PositiveDuration } from '@rivulet/shared-types';
import { z } from 'zod';
import { MAX_WINDOWS_PER_RECORD, tooManyWindows } from '../core/limits.js';

/** Fields the operator writes on every output record (they replace the record's own). */
export const TOPN_OUTPUT_FIELDS: readonly string[] = ['rank', 'windowStart', 'windowEnd'];

/** Field names forming a partition or a key: non-empty, each once. */
export const FieldList = z
  .array(z.string().min(1, 'a field name must not be empty'))
  .min(1, 'at least one field')
  .refine((fields) => new Set(fields).size === fields.length, 'a field is named twice');

export const TopNWindow = z
  .strictObject({
    kind: z.enum(['tumbling', 'sliding']).default('tumbling').meta({
      description: 'tumbling: fixed windows of `size`; sliding: windows of `size` every `slide`',
    }),
    size: PositiveDuration.meta({
      description: 'Window length, e.g. "1m"',
      format: 'duration',
    }),
    slide: PositiveDuration.optional().meta({
      description: `Sliding windows only: how often a window starts: at most \`size\`, and at least \`size\` / ${MAX_WINDOWS_PER_RECORD} (a record belongs to size/slide windows, at most ${MAX_WINDOWS_PER_RECORD}), e.g. "10s"`,
      format: 'duration',
      showWhen: { kind: ['sliding'] },
    }),
  })
  .superRefine((w, ctx) => {
    if (w.kind === 'sliding' && w.slide === undefined) {
      ctx.addIssue({ code: 'custom', path: ['slide'], message: 'a sliding window needs slide' });
    }
    if (w.kind === 'tumbling' && w.slide !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['slide'],
        message: 'a tumbling window takes no slide (it takes size)',
      });
    }
    // As the window operator: with slide > size some records would join no window.
    if (w.kind === 'sliding' && w.slide !== undefined && w.slide > w.size) {
      ctx.addIssue({
        code: 'custom',
        path: ['slide'],
        message: 'slide must not be longer than size, or some records would join no window',
      });
    }
    if (w.kind === 'sliding' && w.slide !== undefined) {
      const problem = tooManyWindows(w.size, w.slide);
      if (problem !== null) ctx.addIssue({ code: 'custom', path: ['slide'], message: problem });
    }
  })
  .meta({ description: 'The event-time windows ranked apart: tumbling or sliding, as `window`' });

export const TopNParams = z.strictObject({
  n: z
    .int()
    .min(1, 'n must be at least 1')
    .max(1000, 'n is at most 1000')
    .default(3)
    .meta({ description: 'How many records each window and partition keeps and outputs' }),
  by: z.string().min(1, 'must not be empty').meta({
    description: 'The numeric field to rank by; records where it is not a number are ignored',
  }),
  order: z.enum(['desc', 'asc']).default('desc').meta({
    description: 'desc: the largest values rank first; asc: the smallest',
  }),
  partitionBy: FieldList.optional().meta({
    description:
      "Fields whose values form a ranking apart (e.g. user); default: the stream's key after a keyBy, else one ranking for the whole stream",
  }),
  window: TopNWindow,
  allowedLateness: Duration.default(0).meta({
    description:
      'How long after a window fired a late record still enters its ranking (and fires it again)',
    format: 'duration',
  }),
});

export type TopNParams = z.output<typeof TopNParams>;
