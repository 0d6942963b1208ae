import { z } from 'zod';

export const LookupJoinParams = z.strictObject({
  path: z.string().min(1).meta({
    description:
      'The table file (relative to the pipeline file, or the data directory on the server)',
  }),
  format: z.enum(['jsonl', 'csv']).default('jsonl').meta({
    description: 'jsonl: one JSON object per line; csv: header row, numeric cells become numbers',
  }),
  key: z.string().min(1).meta({ description: "The table's key field" }),
  on: z.string().min(1).optional().meta({
    description: "The record's field to look up in the table; default: the field named like key",
  }),
  prefix: z.string().default('').meta({
    description: 'Prefix for the names of the fields added from the table (default: none)',
  }),
  missing: z.enum(['pass', 'drop', 'deadLetter']).default('pass').meta({
    description:
      'A record with no table row: pass it on unchanged, drop it, or send it to the dead letters',
  }),
});

export type LookupJoinParams = z.output<typeof LookupJoinParams>;
