/**
 * Network clients as operators see them. The engine gives the implementations (Kafka, MQTT),
 * as it gives file access: this package holds no client of its own, so that the browser can
 * import every operator's description without a socket library.
 */

/** The health of a node's connection, shown on its card and in telemetry. */
export interface ConnectionState {
  /** null for a node with no connection. */
  status: 'connecting' | 'connected' | 'reconnecting' | null;
  /** The last connection error in plain words while not connected, else null. */
  error: string | null;
  /** Records behind the end of each partition (consumer lag), by partition, when known. */
  lag: Record<string, number> | null;
}

export const noConnection = (): ConnectionState => ({ status: null, error: null, lag: null });

export interface OperatorNet {
  kafka: KafkaNet;
  mqtt: MqttNet;
}

// ---------------------------------------------------------------------------------------------
// Kafka

export interface KafkaClientOptions {
  bootstrapServers: readonly string[];
  /** Where the client reports its connection status, errors and lag. */
  connection: ConnectionState;
  /** Names the client in the broker's logs. */
  clientId: string;
}

export interface KafkaNet {
  consumer(options: KafkaClientOptions & { topic: string; groupId: string }): KafkaConsumer;
  producer(options: KafkaClientOptions & { topic: string }): KafkaProducer;
}

export type KafkaStartFrom = 'earliest' | 'latest' | 'committed';

/** One message as fetched, its key and value decoded as UTF-8. `value` is null for a tombstone. */
export interface KafkaMessage {
  partition: number;
  offset: number;
  /** The record's timestamp in ms (create or log-append time, as the topic says). */
  timestamp: number;
  key: string | null;
  value: string | null;
}

/**
 * A consumer with partitions assigned by its caller (as Flink's KafkaSource: no wait for a
 * group rebalance); the group is used only to commit offsets, so that Kafka's tools show lag.
 * Reads committed records only (`read_committed`). While the broker cannot be reached, calls
 * retry and the connection state says `reconnecting`; they do not throw for that.
 */
export interface KafkaConsumer {
  /** The topic's partitions (waits until the broker answers and the topic exists). */
  partitions(): Promise<number[]>;
  /** The offset to begin each partition at, as `startFrom` says (committed: earliest when none). */
  startOffsets(partitions: readonly number[], from: KafkaStartFrom): Promise<Map<number, number>>;
  /** Fetches these partitions from these offsets from now on (the next offset to read). */
  assign(offsets: ReadonlyMap<number, number>): void;
  /** Messages fetched so far, in offset order per partition, at most `max`; waits at most `waitMs` for one. */
  poll(max: number, waitMs: number): Promise<KafkaMessage[]>;
  /** Commits offsets (the next to read, per partition) to the group; failures are reported, not thrown. */
  commit(offsets: ReadonlyMap<number, number>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The transaction a checkpoint holds for a sink in exactly-once mode: enough to commit it after
 * a crash (Flink's recoverAndCommit) — which transactional id, producer id and epoch.
 */
export interface KafkaTransactionHandle {
  transactionalId: string;
  producerId: string;
  producerEpoch: number;
}

export interface KafkaProducer {
  /**
   * Exactly-once: makes the producer transactional with ids `<prefix>-0` and `<prefix>-1`
   * (used in turn, one per checkpoint), first committing `recover` (the transaction the restored
   * checkpoint holds: it may or may not have been committed before the crash) and aborting any
   * other transaction left open under these ids (fencing the killed run). Called before send().
   */
  transactional(prefix: string, recover: KafkaTransactionHandle | null): Promise<void>;
  /** Queues one message. Sent in batches; in exactly-once mode, inside the open transaction. */
  send(key: string | null, value: string): void;
  /** Resolves when the queue is below its high-water mark; null when it already is. */
  backpressure(): Promise<void> | null;
  /**
   * Exactly-once: ends the current transaction's part of the stream (a checkpoint's cut): what
   * was queued so far belongs to it, later sends to the next one. Returns its handle.
   */
  precommit(): KafkaTransactionHandle | null;
  /** Waits until every message queued so far is acknowledged by the broker (a checkpoint's flush). */
  flush(): Promise<void>;
  /** Exactly-once: commits the transaction precommit() returned (the checkpoint is durable). */
  commit(handle: KafkaTransactionHandle): Promise<void>;
  /** Aborts the open transaction (exactly-once) and closes; with `flush`, sends what is queued first. */
  close(options: { flush: boolean }): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// MQTT

export interface MqttClientOptions {
  /** mqtt://host:port (or mqtts://, ws://). */
  url: string;
  qos: 0 | 1;
  connection: ConnectionState;
  clientId: string;
}

export interface MqttMessage {
  topic: string;
  payload: Uint8Array;
  /** Wall clock when it arrived, ms. */
  receivedAt: number;
}

export interface MqttNet {
  /** Subscribes to a topic filter (wildcards `+` and `#` allowed). */
  subscribe(options: MqttClientOptions & { topic: string }): MqttSubscription;
  /** With `retain`, the broker keeps each topic's last message for later subscribers. */
  publisher(options: MqttClientOptions & { retain?: boolean }): MqttPublisher;
}

export interface MqttSubscription {
  /** Messages received so far, at most `max`; waits at most `waitMs` for one. */
  poll(max: number, waitMs: number): Promise<MqttMessage[]>;
  close(): Promise<void>;
}

export interface MqttPublisher {
  publish(topic: string, payload: string): void;
  /** Resolves when the outgoing queue is below its high-water mark; null when it already is. */
  backpressure(): Promise<void> | null;
  /** Waits until every message published so far is sent (QoS 0) or acknowledged (QoS 1). */
  flush(): Promise<void>;
  close(): Promise<void>;
}
