import { PositiveDuration } from '@rivulet/shared-types';
import { z } from 'zod';

export const DedupeParams = z.strictObject({
  fields: z
    .array(z.string().min(1, 'a field name must not be empty'))
    .min(1, 'at least one field')
    .refine((fields) => new Set(fields).size === fields.length, 'a field is named twice')
    .optional()
    .meta({
      description:
        "Fields whose values form the dedupe key (a missing field is null); default: the stream's key after a keyBy, else the whole record",
    }),
  ttl: PositiveDuration.meta({
    description:
      'How long, in event time, a record that passed blocks the repeats of its key, e.g. "10m"',
    format: 'duration',
  }),
});

export type DedupeParams = z.output<typeof DedupeParams>;
