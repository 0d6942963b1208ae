import { Duration } from '@rivulet/shared-types';
import { z } from 'zod';

export const EventTimeParams = z
  .strictObject({
    field: z
      .string()
      .min(1)
      .meta({ description: 'Field holding the event time: ms since epoch or ISO-8601 text' }),
    maxOutOfOrderness: Duration.default(0).meta({
      description: 'How far behind the latest event time a record may arrive, e.g. "2s"',
    }),
  })
  .meta({
    description:
      'Event time and watermarks; without it records carry their read time and windows fire at the end',
  });

export const SourceFileParams = z.strictObject({
  path: z.string().min(1).meta({
    description:
      'File to read (relative to the pipeline file, or the data directory on the server)',
  }),
  format: z.enum(['jsonl', 'csv']).default('jsonl').meta({
    description: 'jsonl: one JSON object per line; csv: header row, numeric cells become numbers',
  }),
  eventTime: EventTimeParams.optional(),
  rate: z
    .number()
    .positive()
    .optional()
    .meta({ description: 'Records per second for paced replay; absent: as fast as possible' }),
});
export type SourceFileParams = z.output<typeof SourceFileParams>;
