import { operators } from '@rivulet/operators';
import type { CatalogueEntry } from '@rivulet/shared-types';
import { z } from 'zod';

/** The operator catalogue with each operator's params as JSON Schema, built once. */
export function buildCatalogue(): CatalogueEntry[] {
  return operators.map((op) => ({
    type: op.type,
    category: op.category,
    title: op.title,
    summary: op.summary,
    description: op.docs.description,
    example: op.docs.example,
    inputs: op.inputs,
    outputs: op.outputs,
    paramsSchema: z.toJSONSchema(op.params, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >,
  }));
}
