/** An in-memory MqttNet for operator tests: messages delivered by hand, publishes acknowledged by hand. */

import type {
  KafkaNet,
  MqttClientOptions,
  MqttMessage,
  MqttNet,
  MqttPublisher,
  MqttSubscription,
  OperatorNet,
} from '../net.js';

// In Node and browsers alike; the package's types name no platform.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

export class FakeSubscription implements MqttSubscription {
  readonly queue: MqttMessage[] = [];
  /** The waitMs of each poll, in order. */
  readonly waits: number[] = [];
  closed = false;

  constructor(readonly options: MqttClientOptions & { topic: string }) {}

  deliver(topic: string, payload: string | Uint8Array, receivedAt = 0): void {
    this.queue.push({
      topic,
      payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
      receivedAt,
    });
  }

  poll(max: number, waitMs: number): Promise<MqttMessage[]> {
    this.waits.push(waitMs);
    return Promise.resolve(this.queue.splice(0, max));
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

export class FakePublisher implements MqttPublisher {
  readonly sent: { topic: string; payload: string }[] = [];
  /** Messages not yet acknowledged (from the end of `sent`). */
  unacked = 0;
  closed = false;
  private waiters: (() => void)[] = [];

  constructor(
    readonly options: MqttClientOptions & { retain?: boolean },
    /** Unacknowledged messages at which backpressure() makes the caller wait. */
    readonly highWater = 3,
  ) {}

  publish(topic: string, payload: string): void {
    this.sent.push({ topic, payload });
    this.unacked++;
  }

  /** The broker acknowledges the `n` oldest unacknowledged messages (all by default). */
  ack(n = this.unacked): void {
    this.unacked -= Math.min(n, this.unacked);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private until(ok: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (ok() ? resolve() : this.waiters.push(check));
      check();
    });
  }

  backpressure(): Promise<void> | null {
    return this.unacked < this.highWater ? null : this.until(() => this.unacked < this.highWater);
  }

  flush(): Promise<void> {
    return this.until(() => this.unacked === 0);
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}

const noKafka: KafkaNet = {
  consumer() {
    throw new Error('no Kafka in MQTT tests');
  },
  producer() {
    throw new Error('no Kafka in MQTT tests');
  },
};

export function fakeMqtt(): {
  net: OperatorNet;
  subscriptions: FakeSubscription[];
  publishers: FakePublisher[];
} {
  const subscriptions: FakeSubscription[] = [];
  const publishers: FakePublisher[] = [];
  const mqtt: MqttNet = {
    subscribe(options) {
      const subscription = new FakeSubscription(options);
      subscriptions.push(subscription);
      return subscription;
    },
    publisher(options) {
      const publisher = new FakePublisher(options);
      publishers.push(publisher);
      return publisher;
    },
  };
  return { net: { kafka: noKafka, mqtt }, subscriptions, publishers };
}
