import { z } from 'zod';
import { BootstrapServers, Topic } from '../source.kafka/params.js';

export const SinkKafkaParams = z.strictObject({
  bootstrapServers: BootstrapServers,
  topic: Topic.meta({ description: 'Topic to write' }),
  key: z.string().min(1).optional().meta({
    description: "Field whose value becomes each message's key (UTF-8 text); absent: no key",
  }),
  delivery: z.enum(['exactly-once', 'at-least-once']).default('at-least-once').meta({
    description:
      'exactly-once: in transactions committed when a checkpoint completes (needs checkpoints); at-least-once: acknowledged sends, repeats possible after a crash',
  }),
  transactionalIdPrefix: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" or "-"')
    .optional()
    .meta({
      description:
        'Exactly-once: prefix of its transactional ids; two runs writing with the same prefix fence each other (default: the pipeline and node)',
    }),
});
export type SinkKafkaParams = z.output<typeof SinkKafkaParams>;
