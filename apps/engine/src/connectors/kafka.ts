// A stand-in until the Kafka connector lands (its engineer replaces this file).
import type { KafkaNet } from '@rivulet/operators';

export const kafkaNet: KafkaNet = {
  consumer() {
    throw new Error('Kafka is not available yet');
  },
  producer() {
    throw new Error('Kafka is not available yet');
  },
};
