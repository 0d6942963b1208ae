import { z } from 'zod';
import { describeOperator } from '../core/define.js';

export const SinkConsoleParams = z.strictObject({});

export const description = describeOperator({
  kind: 'sink',
  type: 'sink.console',
  category: 'sink',
  title: 'Console',
  summary: 'Prints each record as a line of JSON.',
  inputs: [{ name: 'in', description: 'Records to print' }],
  outputs: [],
  params: SinkConsoleParams,
  docs: {
    description:
      'Prints each record as one line of JSON on standard output (the CLI) or the server log. At-least-once with checkpoints: after a recovery the records since the last checkpoint are printed again.',
    example: {},
  },
});
