import { z } from 'zod';
import { describeOperator } from '../core/define.js';

export const KeyByParams = z.strictObject({
  fields: z
    .array(z.string().min(1))
    .refine((fields) => new Set(fields).size === fields.length, 'a field is named twice')
    .meta({
      description:
        "Fields whose values form the key; a missing field keys as null. None: the whole stream is one key (a window then counts over all records, as Flink's windowAll)",
    }),
});

export const description = describeOperator({
  kind: 'transform',
  type: 'keyBy',
  category: 'keys-windows',
  title: 'Key by',
  summary: 'Partitions the stream by one or more fields, so windows are per key.',
  inputs: [{ name: 'in', description: 'Records to partition' }],
  outputs: [{ name: 'out', description: 'The same records, keyed' }],
  params: KeyByParams,
  docs: {
    description:
      "Gives every record a key made of the values of `fields` (a missing field keys as null). Downstream windows keep separate state per key and their output carries the key fields, as Flink's keyBy. Keys stay with the records through the steps after it; with no fields the whole stream becomes one key again, so that a window after per-card steps (a dedupe per card) counts over all cards.",
    example: { fields: ['card'] },
  },
});
