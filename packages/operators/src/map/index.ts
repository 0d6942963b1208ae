import { z } from 'zod';
import { defineOperator } from '../core/define.js';
import type { Rec } from '../core/runtime.js';
import { compileExpression, Expr } from '../expr/index.js';

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

export const map = defineOperator({
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
      'Computes each field of `fields` from the input record (all expressions see the input, not each other). With `keep` the other input fields are kept; without it the output has only the computed fields.',
    example: { fields: { amountEur: 'round(amount * 0.92)', big: 'amount > 1000' }, keep: true },
  },
  create(params, ctx) {
    const names = Object.keys(params.fields);
    const exprs = names.map((name) =>
      compileExpression(params.fields[name] ?? '', { now: ctx.now }),
    );
    const count = names.length;
    const keep = params.keep;
    const emit = ctx.emit;
    return {
      onRecord(record, ts, key) {
        // Computed first, assigned after, so that every expression reads the input record.
        const values = new Array<unknown>(count);
        try {
          for (let i = 0; i < count; i++) values[i] = exprs[i]!(record);
        } catch (error) {
          ctx.deadLetter(record, `map expression failed: ${(error as Error).message}`, ts);
          return;
        }
        const out: Rec = keep ? { ...record } : {};
        for (let i = 0; i < count; i++) out[names[i]!] = values[i];
        emit(out, ts, key);
      },
    };
  },
});
