import { z } from 'zod';
import { describeOperator } from '../core/define.js';
import { grouped } from '../core/limits.js';
import { Expr, MAX_STRING_LENGTH } from '../expr/index.js';

export const MapParams = z.strictObject({
  fields: z
    .record(z.string().min(1), Expr)
    .refine((fields) => Object.keys(fields).length > 0, 'name at least one field')
    .meta({ description: 'Fields to compute: { name: expression }, each from the input record' }),
  keep: z
    .boolean()
    .default(true)
    .meta({ description: "Keep the input's other fields (otherwise only the computed ones)" }),
});

export const description = describeOperator({
  kind: 'transform',
  type: 'map',
  category: 'transform',
  title: 'Map',
  summary: 'Computes new fields from expressions.',
  inputs: [{ name: 'in', description: 'Records to transform' }],
  outputs: [
    { name: 'out', description: 'Transformed records' },
    { name: 'errors', description: 'Records on which an expression failed, with the reason' },
  ],
  params: MapParams,
  docs: {
    description:
      'Computes each field of `fields` from the input record (all expressions see the input, not each other). With `keep` the other input fields are kept; without it the output has only the computed fields. So that chained maps cannot grow records without bound, a string an expression builds is at most ' +
      grouped(MAX_STRING_LENGTH) +
      ' characters, and the computed fields of one record at most that much JSON text together (a field `$` copies the whole record); past either, the record is a dead letter.',
    example: { fields: { amountEur: 'round(amount * 0.92)', big: 'amount > 1000' }, keep: true },
  },
});
