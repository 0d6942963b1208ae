import { Duration, PositiveDuration } from '@rivulet/shared-types';
import { z } from 'zod';

/** `host:port`, as Kafka's bootstrap.servers lists them. */
export const HostPort = z
  .string()
  .regex(/^[A-Za-z0-9._-]+:\d{1,5}$/, 'must be host:port, e.g. "127.0.0.1:9092"');

export const BootstrapServers = z
  .array(HostPort)
  .min(1)
  .max(16)
  .default(['127.0.0.1:9092'])
  .meta({ description: 'Brokers to connect to first, as host:port' });

/** A topic name as Kafka allows it. */
export const Topic = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic is 1–249 letters, digits, ".", "_" or "-"');

export const KafkaEventTime = z
  .strictObject({
    field: z.string().min(1).optional().meta({
      description:
        "Field holding the event time (ms since epoch or ISO-8601 text); absent: the Kafka record's timestamp",
    }),
    maxOutOfOrderness: Duration.default(0).meta({
      description: 'How far behind the latest event time of its partition a record may arrive',
    }),
    idleTimeout: PositiveDuration.optional().meta({
      description:
        "A partition with no record for this long stops holding the watermark back (Flink's withIdleness)",
    }),
  })
  .meta({ description: 'Event time and watermarks, per partition' });

const FieldName = z.string().min(1);

export const SourceKafkaParams = z.strictObject({
  bootstrapServers: BootstrapServers,
  topic: Topic.meta({ description: 'Topic to read' }),
  groupId: z
    .string()
    .min(1)
    .max(255)
    .meta({ description: 'Consumer group its offsets are committed to (for lag in Kafka tools)' }),
  startFrom: z.enum(['earliest', 'latest', 'committed']).default('earliest').meta({
    description:
      "Where a fresh run begins: the oldest record kept, the end, or the group's committed offsets (earliest when none); a restore goes on from its checkpoint",
  }),
  eventTime: KafkaEventTime.optional(),
  metadata: z
    .strictObject({
      key: FieldName.optional(),
      partition: FieldName.optional(),
      offset: FieldName.optional(),
      timestamp: FieldName.optional(),
    })
    .optional()
    .meta({
      description:
        'Names of fields to put the Kafka key, partition, offset and timestamp into (each optional)',
    }),
});
export type SourceKafkaParams = z.output<typeof SourceKafkaParams>;
