// Kafka for the connectors, on @platformatic/kafka (pure JavaScript, transactions, group
// commits; 1.35 is its last line for Node 20). What the library does not give is done here
// with its own protocol calls: fetching partitions assigned by us (no group rebalance), commits
// to a group we never join, and committing a transaction left by a killed run.
import {
  Consumer,
  Producer,
  kGetApi,
  kGetConnection,
  stringSerializers,
  type Connection,
} from '@platformatic/kafka';
import type {
  ConnectionState,
  KafkaClientOptions,
  KafkaConsumer,
  KafkaMessage,
  KafkaNet,
  KafkaProducer,
  KafkaStartFrom,
  KafkaTransactionHandle,
} from '@rivulet/operators';

/** Bytes a fetch asks for per partition, and in all. */
const PARTITION_MAX_BYTES = 1 << 20;
const FETCH_MAX_BYTES = 8 << 20;
/** Messages queued in a consumer or a producer before it stops asking for or taking more. */
const HIGH_WATER = 20_000;
/** Messages per produce request. */
const SEND_BATCH = 4_000;
/**
 * How long a transaction may stay open. The coordinator aborts one open longer, so this bounds
 * both the checkpoint interval and how long a killed run may wait for its restart to commit
 * what its last checkpoint holds (Flink's transaction.timeout.ms); the broker allows 15 min.
 */
export const TRANSACTION_TIMEOUT_MS = 600_000;
const READ_COMMITTED = 1;
const TRANSACTIONAL_BATCH = 0x10;
const CONTROL_BATCH = 0x20;

/** The parts of a fetched partition this module reads. */
export interface FetchedPartition {
  partitionIndex: number;
  errorCode: number;
  highWatermark: bigint;
  lastStableOffset: bigint;
  abortedTransactions: { producerId: bigint; firstOffset: bigint }[] | null;
  records?: {
    firstOffset: bigint;
    lastOffsetDelta: number;
    firstTimestamp: bigint;
    producerId: bigint;
    attributes: number;
    records: {
      offsetDelta: number;
      timestampDelta: bigint | number;
      key: Buffer | null | undefined;
      value: Buffer | null | undefined;
    }[];
  }[];
}

/**
 * The batches of a `read_committed` fetch minus those of aborted transactions, as Kafka's own
 * consumer filters them: a producer's batches are skipped from the first offset the broker
 * lists for one of its aborted transactions until that transaction's ABORT marker. (The
 * library's filter keeps one aborted range per producer id, so that a transactional id that
 * aborted twice in one fetch — a sink restarted twice — shows aborted records.) Control
 * batches are dropped; the offset after the last batch, marker or not, is `next`.
 */
export function committedBatches(part: FetchedPartition): {
  batches: NonNullable<FetchedPartition['records']>;
  next: bigint | null;
} {
  const all = part.records ?? [];
  const pending = [...(part.abortedTransactions ?? [])].sort((a, b) =>
    a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0,
  );
  const aborted = new Set<bigint>();
  const batches: typeof all = [];
  let next: bigint | null = null;
  for (const batch of all) {
    const last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    next = last + 1n;
    while (pending.length > 0 && pending[0]!.firstOffset <= last)
      aborted.add(pending.shift()!.producerId);
    if (batch.attributes & CONTROL_BATCH) {
      // Control record key: version (int16), type (int16: 0 abort, 1 commit).
      const key = batch.records[0]?.key;
      if (key && key.length >= 4 && key.readInt16BE(2) === 0) aborted.delete(batch.producerId);
      continue;
    }
    if (batch.attributes & TRANSACTIONAL_BATCH && aborted.has(batch.producerId)) continue;
    batches.push(batch);
  }
  return { batches, next };
}

/** Retry delays while the broker cannot be reached: 200 ms doubling up to 2 s, for ever. */
function retrying(connection: ConnectionState, servers: readonly string[]) {
  return {
    retries: Number.MAX_SAFE_INTEGER,
    retryDelay: (
      _client: unknown,
      _op: string,
      attempt: number,
      _retries: number,
      error: Error,
    ) => {
      connection.status = 'reconnecting';
      connection.error = plain(error, servers);
      return Math.min(2000, 200 * 2 ** Math.min(attempt, 4));
    },
  };
}

/** An error of the library in a few plain words (its messages nest causes). */
export function plain(error: unknown, servers: readonly string[] = []): string {
  const messages: string[] = [];
  const walk = (e: unknown, depth: number): void => {
    if (!e || depth > 4) return;
    const err = e as { message?: string; code?: string; errors?: unknown[]; cause?: unknown };
    if (err.code === 'ECONNREFUSED')
      messages.push(`no broker answers at ${servers.join(', ') || 'the address given'}`);
    else if (err.errors?.length) for (const inner of err.errors.slice(-1)) walk(inner, depth + 1);
    else if (err.cause) walk(err.cause, depth + 1);
    else if (err.message) messages.push(err.message);
  };
  walk(error, 0);
  return messages.at(-1) ?? String(error);
}

/** What the protocol calls below need of a client, producer or consumer alike. */
type Client = Pick<Consumer, 'metadata' | typeof kGetApi | typeof kGetConnection>;
type StringProducer = Producer<string, string, string, string>;
type Transaction = Awaited<ReturnType<StringProducer['beginTransaction']>>;

const connected = (connection: ConnectionState): void => {
  connection.status = 'connected';
  connection.error = null;
};

function call<A extends unknown[], R>(
  client: Client,
  name: string,
  connection: Connection,
  ...args: A
): Promise<R> {
  return new Promise((resolve, reject) => {
    client[kGetApi]<A, R>(name, (error, api) => {
      if (error) return reject(error);
      api!(connection, ...args, ((e: Error | null, r: R) => (e ? reject(e) : resolve(r))) as never);
    });
  });
}

async function connectionTo(client: Client, nodeId: number): Promise<Connection> {
  const metadata = await client.metadata({ topics: [] });
  const broker = metadata.brokers.get(nodeId);
  if (!broker) throw new Error(`no broker ${nodeId} in the cluster's metadata`);
  return new Promise((resolve, reject) =>
    client[kGetConnection](broker, (error, c) => (error ? reject(error) : resolve(c!))),
  );
}

/** The coordinator of a group (keyType 0) or of a transactional id (keyType 1). */
async function coordinator(client: Client, keyType: 0 | 1, key: string): Promise<Connection> {
  const metadata = await client.metadata({ topics: [] });
  const any = [...metadata.brokers.keys()][0]!;
  const response = await call<[number, string[]], { coordinators: { nodeId: number }[] }>(
    client,
    'FindCoordinator',
    await connectionTo(client, any),
    keyType,
    [key],
  );
  return connectionTo(client, response.coordinators[0]!.nodeId);
}

type FetchResponse = { responses: { partitions: FetchedPartition[] }[] };

/**
 * One Fetch of partitions of a topic from the broker that leads them, with no fetch session.
 * The protocol's Fetch, not the library's: its read_committed filter is wrong for a producer
 * with several aborted transactions (see committedBatches).
 */
export async function fetchPartitions(
  client: Client,
  node: number,
  topicId: string,
  partitions: { partition: number; offset: bigint }[],
  isolation: 0 | 1,
  waitMs: number,
): Promise<FetchResponse> {
  return call(
    client,
    'Fetch',
    await connectionTo(client, node),
    waitMs,
    1,
    FETCH_MAX_BYTES,
    isolation,
    0,
    -1,
    [
      {
        topicId,
        partitions: partitions.map(({ partition, offset }) => ({
          partition,
          currentLeaderEpoch: -1,
          fetchOffset: offset,
          lastFetchedEpoch: -1,
          partitionMaxBytes: PARTITION_MAX_BYTES,
        })),
      },
    ],
    [],
    '',
  );
}

/**
 * The values of a topic's messages, partition by partition from the earliest, as a consumer of
 * this isolation reads them (at most `limitPerPartition` each); null when the topic does not
 * exist. For tests, and for the Flink SQL export, which learns a topic's fields from them.
 */
export async function readTopicValues(
  bootstrapServers: readonly string[],
  topic: string,
  options: { isolation?: 'read_committed' | 'read_uncommitted'; limitPerPartition?: number } = {},
): Promise<string[] | null> {
  const isolation = options.isolation ?? 'read_committed';
  const limit = options.limitPerPartition ?? Infinity;
  const level = isolation === 'read_committed' ? 1 : 0;
  const consumer = new Consumer({
    clientId: 'rivulet-reader',
    bootstrapBrokers: [...bootstrapServers],
    // Required by the client; never joined nor committed to.
    groupId: 'rivulet-reader',
    isolationLevel: level,
  });
  try {
    let metadata;
    try {
      metadata = await consumer.metadata({
        topics: [topic],
        autocreateTopics: false,
        forceUpdate: true,
      });
    } catch (error) {
      // Not created yet; anything else (no broker) is the caller's to report.
      // The client says so with a UserError (apiCode 3, UNKNOWN_TOPIC_OR_PARTITION, inside).
      const e = error as { code?: string; message?: string };
      if (e.code === 'PLT_KFK_USER' && e.message?.startsWith('Unknown topic')) return null;
      throw new Error(plain(error, bootstrapServers), { cause: error });
    }
    const t = metadata.topics.get(topic);
    if (!t) return null;
    const values: string[] = [];
    for (let p = 0; p < t.partitionsCount; p++) {
      let offset = 0n;
      let read = 0;
      while (read < limit) {
        // A topic just created may have no leader for a moment: ask again.
        let response;
        for (let attempt = 0; ; attempt++) {
          try {
            response = await fetchPartitions(
              consumer,
              t.partitions[p]!.leader,
              t.id,
              [{ partition: p, offset }],
              level,
              0,
            );
            break;
          } catch (error) {
            if (attempt >= 50) throw error;
            consumer.clearMetadata();
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        const part = response.responses[0]?.partitions[0];
        if (!part) break;
        // read_committed: without aborted transactions; read_uncommitted: every data batch.
        const { batches, next } =
          level === 1
            ? committedBatches(part)
            : committedBatches({ ...part, abortedTransactions: [] });
        if (next === null) break;
        offset = next;
        for (const batch of batches)
          for (const record of batch.records)
            if (record.value && read++ < limit) values.push(record.value.toString('utf8'));
      }
    }
    return values;
  } finally {
    await consumer.close();
  }
}

const errorCode = (error: unknown): string | undefined => {
  const e = error as { apiId?: string; errors?: unknown[] };
  return e.apiId ?? (e.errors ?? []).map(errorCode).find((x) => x !== undefined);
};

/** How long close() waits for sends and an abort before it closes the clients anyway. */
const CLOSE_WAIT_MS = 5000;

/** Waits for a promise at most `ms`. */
const within = (ms: number, promise: Promise<unknown>): Promise<unknown> =>
  Promise.race([promise, later(ms)]);

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

type FetchedRecord = NonNullable<FetchedPartition['records']>[number]['records'][number];

/**
 * A fetched batch's records not yet returned by poll(). They become messages (an object and
 * two strings each) only when returned: made at fetch time, a read-ahead of tens of thousands
 * outlived the young generation and the collector copied them (measured: a quarter less
 * throughput). Offsets and times as numbers: no BigInt per record.
 */
interface Unread {
  partition: number;
  firstOffset: number;
  firstTimestamp: number;
  records: FetchedRecord[];
  /** The next record to return. */
  at: number;
}

// ---------------------------------------------------------------------------------------------

class PartitionConsumer implements KafkaConsumer {
  private readonly client: Consumer;
  private offsets = new Map<number, bigint>();
  private unread: Unread[] = [];
  /** Records in `unread`. */
  private queued = 0;
  private fetching: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: KafkaClientOptions & { topic: string; groupId: string }) {
    options.connection.status = 'connecting';
    this.client = new Consumer({
      clientId: options.clientId,
      bootstrapBrokers: [...options.bootstrapServers],
      groupId: options.groupId,
      isolationLevel: READ_COMMITTED,
      ...retrying(options.connection, options.bootstrapServers),
    });
  }

  private get connection() {
    return this.options.connection;
  }

  /** Metadata of the topic; waits (reporting why) until the broker answers and the topic exists. */
  private async topic() {
    for (;;) {
      const metadata = await this.client.metadata({
        topics: [this.options.topic],
        autocreateTopics: false,
      });
      const topic = metadata.topics.get(this.options.topic);
      if (topic) {
        connected(this.connection);
        return topic;
      }
      this.connection.status = 'reconnecting';
      this.connection.error = `no topic "${this.options.topic}" on the broker yet`;
      if (this.closed) throw new Error('closed');
      await later(1000);
    }
  }

  async partitions(): Promise<number[]> {
    for (;;) {
      try {
        const topic = await this.topic();
        return Array.from({ length: topic.partitionsCount }, (_, i) => i);
      } catch (error) {
        if (this.closed) throw error;
        // An unknown topic is an error the library does not retry.
        this.connection.status = 'reconnecting';
        this.connection.error = plain(error, this.options.bootstrapServers);
        await later(1000);
      }
    }
  }

  async startOffsets(partitions: readonly number[], from: KafkaStartFrom) {
    const topic = this.options.topic;
    const ends = async (timestamp: bigint) =>
      (await this.client.listOffsets({ topics: [topic], timestamp })).get(topic) ?? [];
    const earliest = await ends(-2n);
    const chosen =
      from === 'latest'
        ? await ends(-1n)
        : from === 'earliest'
          ? earliest
          : ((
              await this.client.listCommittedOffsets({
                topics: [{ topic, partitions: [...partitions] }],
              })
            ).get(topic) ?? []);
    connected(this.connection);
    return new Map(
      partitions.map((p): [number, number] => {
        const offset = chosen[p] ?? -1n;
        return [p, Number(offset >= 0n ? offset : (earliest[p] ?? 0n))];
      }),
    );
  }

  assign(offsets: ReadonlyMap<number, number>): void {
    this.offsets = new Map([...offsets].map(([p, o]) => [p, BigInt(o)]));
  }

  async poll(max: number, waitMs: number): Promise<KafkaMessage[]> {
    if (this.queued === 0) {
      this.fetching ??= this.fetch(waitMs).finally(() => (this.fetching = null));
      // A fetch that waits on an absent broker goes on in the background: the source returns
      // an empty batch meanwhile, so that checkpoints and a stop are not held up.
      await Promise.race([this.fetching, later(waitMs + 200)]);
    }
    const out: KafkaMessage[] = [];
    while (out.length < max && this.unread.length > 0) {
      const batch = this.unread[0]!;
      const end = Math.min(batch.records.length, batch.at + max - out.length);
      for (let i = batch.at; i < end; i++) {
        const record = batch.records[i]!;
        out.push({
          partition: batch.partition,
          offset: batch.firstOffset + record.offsetDelta,
          timestamp: batch.firstTimestamp + Number(record.timestampDelta),
          key: record.key ? record.key.toString('utf8') : null,
          value: record.value ? record.value.toString('utf8') : null,
        });
      }
      batch.at = end;
      if (end === batch.records.length) this.unread.shift();
    }
    this.queued -= out.length;
    // Read ahead while the pipeline works on this batch.
    if (this.queued < HIGH_WATER / 2 && !this.fetching && !this.closed)
      this.fetching = this.fetch(0).finally(() => (this.fetching = null));
    return out;
  }

  private async fetch(waitMs: number): Promise<void> {
    if (this.offsets.size === 0 || this.closed) return;
    let topic;
    try {
      topic = await this.topic();
    } catch {
      return;
    }
    const byLeader = new Map<number, number[]>();
    for (const p of this.offsets.keys()) {
      const leader = topic.partitions[p]?.leader ?? -1;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
    }
    const lag: Record<string, number> = { ...this.connection.lag };
    await Promise.all(
      [...byLeader].map(async ([node, partitions]) => {
        let response: FetchResponse;
        try {
          response = await fetchPartitions(
            this.client,
            node,
            topic.id,
            partitions.map((partition) => ({ partition, offset: this.offsets.get(partition)! })),
            READ_COMMITTED,
            waitMs,
          );
        } catch (error) {
          if (this.closed) return;
          if (errorCode(error) === 'OFFSET_OUT_OF_RANGE') {
            // Deleted by retention (or a topic recreated): go on from the earliest kept, as
            // Kafka's auto.offset.reset=earliest.
            const earliest = await this.startOffsets(partitions, 'earliest');
            for (const [p, o] of earliest) this.offsets.set(p, BigInt(o));
            return;
          }
          this.connection.status = 'reconnecting';
          this.connection.error = plain(error, this.options.bootstrapServers);
          this.client.clearMetadata();
          await later(500);
          return;
        }
        connected(this.connection);
        for (const t of response.responses)
          for (const part of t.partitions) {
            const p = part.partitionIndex;
            const from = this.offsets.get(p);
            if (from === undefined) continue;
            const { batches, next: after } = committedBatches(part);
            const next = after !== null && after > from ? after : from;
            const start = Number(from);
            for (const batch of batches) {
              const firstOffset = Number(batch.firstOffset);
              const records = batch.records;
              // The first batch may begin before `from`: its records read already are skipped.
              let at = 0;
              while (at < records.length && firstOffset + records[at]!.offsetDelta < start) at++;
              if (at === records.length) continue;
              const firstTimestamp = Number(batch.firstTimestamp);
              this.unread.push({ partition: p, firstOffset, firstTimestamp, records, at });
              this.queued += records.length - at;
            }
            this.offsets.set(p, next);
            const end = part.lastStableOffset >= 0n ? part.lastStableOffset : part.highWatermark;
            lag[String(p)] = Math.max(0, Number(end - next));
          }
      }),
    );
    this.connection.lag = lag;
  }

  async commit(offsets: ReadonlyMap<number, number>): Promise<void> {
    if (offsets.size === 0) return;
    try {
      const connection = await coordinator(this.client, 0, this.options.groupId);
      // Generation −1 and no member: a commit to a group this consumer never joins (the
      // partitions are ours by assignment), as Flink's KafkaSource commits.
      await call(this.client, 'OffsetCommit', connection, this.options.groupId, -1, '', null, [
        {
          name: this.options.topic,
          partitions: [...offsets].map(([partitionIndex, offset]) => ({
            partitionIndex,
            committedOffset: BigInt(offset),
            committedLeaderEpoch: -1,
            committedMetadata: null,
          })),
        },
      ]);
    } catch (error) {
      // Only lag in Kafka's own tools depends on it: the checkpoint holds the offsets.
      this.connection.error = `committing offsets to group "${this.options.groupId}": ${plain(error, this.options.bootstrapServers)}`;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------

interface Message {
  topic: string;
  key: string | undefined;
  value: string;
}

/** One transactional id of an exactly-once sink, with its producer and open transaction. */
interface Slot {
  id: string;
  producer: Producer<string, string, string, string>;
  tx: Transaction | null;
  /** Sends of this slot, in order; a precommit waits for the chain as it was at the cut. */
  chain: Promise<void>;
  /** Messages handed to its open transaction. */
  sent: number;
  /** The handle of a precommitted, not yet committed transaction on this id. */
  pending: KafkaTransactionHandle | null;
  /** Resolves when `pending` is committed. */
  committed: Promise<void>;
  resolveCommitted: () => void;
}

class RecordProducer implements KafkaProducer {
  private queue: Message[] = [];
  private queued = 0;
  private slots: Slot[] = [];
  private current = 0;
  /** At-least-once: its one producer and its chain of sends. */
  private plainProducer: Producer<string, string, string, string> | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Resolves once the transaction last pre-committed is committed. */
  private lastPrecommitted: Promise<void> = Promise.resolve();
  /** The sends of the transaction last pre-committed: what a checkpoint's flush waits for. */
  private cut: Promise<void> = Promise.resolve();
  private closing = false;
  private failure: unknown = null;
  private drainScheduled = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: KafkaClientOptions & { topic: string }) {
    options.connection.status = 'connecting';
  }

  /** Every client it made, closed by close() even while one still waits for the broker. */
  private readonly clients = new Set<StringProducer>();

  private producer(transactionalId?: string) {
    const producer = new Producer<string, string, string, string>({
      clientId: this.options.clientId,
      bootstrapBrokers: [...this.options.bootstrapServers],
      serializers: stringSerializers,
      acks: -1,
      // As Kafka's own producer: a topic missing is created where the broker allows it.
      autocreateTopics: true,
      ...(transactionalId
        ? {
            transactionalId,
            idempotent: true,
            timeout: TRANSACTION_TIMEOUT_MS,
            // A fresh producer: the library would otherwise claim producer id 0, epoch 0.
            producerId: -1n,
            producerEpoch: -1,
          }
        : {}),
      ...retrying(this.options.connection, this.options.bootstrapServers),
    });
    this.clients.add(producer);
    return producer;
  }

  async transactional(prefix: string, recover: KafkaTransactionHandle | null): Promise<void> {
    const recovering = recover ? [recover] : [];
    for (const handle of recovering) await this.commitAfterRestart(handle);
    this.slots = [0, 1].map((i) => {
      let resolveCommitted = () => {};
      const committed = new Promise<void>((r) => (resolveCommitted = r));
      resolveCommitted();
      return {
        id: `${prefix}-${i}`,
        producer: this.producer(`${prefix}-${i}`),
        tx: null,
        sent: 0,
        chain: Promise.resolve(),
        pending: null,
        committed,
        resolveCommitted,
      };
    });
    // Fence the killed run: a transaction it left open under either id is aborted now.
    for (const slot of this.slots) await this.begin(slot);
    connected(this.options.connection);
  }

  /** Commits a transaction a checkpoint holds, whether or not the killed run committed it. */
  private async commitAfterRestart(handle: KafkaTransactionHandle): Promise<void> {
    const client = this.producer();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const connection = await coordinator(client, 1, handle.transactionalId);
          await call(
            client,
            'EndTxn',
            connection,
            handle.transactionalId,
            BigInt(handle.producerId),
            handle.producerEpoch,
            true,
          );
          return;
        } catch (error) {
          const code = errorCode(error);
          // Markers of an earlier end still being written, or the coordinator moving: retry.
          if (
            attempt < 100 &&
            (code === 'CONCURRENT_TRANSACTIONS' ||
              code === 'COORDINATOR_LOAD_IN_PROGRESS' ||
              code === 'NOT_COORDINATOR' ||
              code === 'COORDINATOR_NOT_AVAILABLE')
          ) {
            await later(200);
            continue;
          }
          // Fenced, or not found: a later producer of this id already ended it (our own earlier
          // restart committed it before fencing), or it expired. Nothing is left to commit.
          if (
            code === 'PRODUCER_FENCED' ||
            code === 'INVALID_PRODUCER_EPOCH' ||
            code === 'TRANSACTIONAL_ID_NOT_FOUND' ||
            code === 'INVALID_TXN_STATE'
          )
            return;
          throw error;
        }
      }
    } finally {
      this.clients.delete(client);
      await client.close().catch(() => {});
    }
  }

  private async begin(slot: Slot): Promise<void> {
    slot.tx = await slot.producer.beginTransaction();
  }

  send(key: string | null, value: string): void {
    if (this.failure) throw this.failure;
    this.queue.push({ topic: this.options.topic, key: key ?? undefined, value });
    this.queued++;
    if (this.queue.length >= SEND_BATCH) this.drain();
    else if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(() => {
        this.drainScheduled = false;
        this.drain();
      });
    }
  }

  /** Hands the queue to the current transaction's (or the plain producer's) chain of sends. */
  private drain(): void {
    if (this.queue.length === 0) return;
    const messages = this.queue;
    this.queue = [];
    const done = () => {
      this.queued -= messages.length;
      if (this.queued < HIGH_WATER / 2) for (const wake of this.waiters.splice(0)) wake();
    };
    const fail = (error: unknown) => {
      this.failure ??= error;
      for (const wake of this.waiters.splice(0)) wake();
    };
    if (this.slots.length === 0) {
      const producer = (this.plainProducer ??= this.producer());
      this.chain = this.chain
        .then(() => producer.send({ messages }))
        .then(() => connected(this.options.connection))
        .then(done, fail);
      return;
    }
    const slot = this.slots[this.current]!;
    slot.sent += messages.length;
    // No transaction begins before the last pre-committed one is committed, i.e. before its
    // checkpoint is durable: a restore from the checkpoint before would otherwise commit
    // (under the same producer id and epoch) a transaction holding records it replays.
    const previous = this.lastPrecommitted;
    slot.chain = slot.chain
      .then(async () => {
        await previous;
        if (this.closing) return;
        if (!slot.tx) await this.begin(slot);
        await slot.tx!.send({ messages });
        connected(this.options.connection);
      })
      .then(done, fail);
  }

  backpressure(): Promise<void> | null {
    if (this.failure) return Promise.reject(this.failure as Error);
    if (this.queued < HIGH_WATER) return null;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  precommit(): KafkaTransactionHandle | null {
    this.drain();
    if (this.slots.length === 0) return null;
    const slot = this.slots[this.current]!;
    // Nothing was sent since the last cut: no transaction to name.
    if (slot.sent === 0 || slot.pending) return null;
    const producer = slot.producer;
    const handle: KafkaTransactionHandle = {
      transactionalId: slot.id,
      producerId: String(producer.producerId ?? -1n),
      producerEpoch: producer.producerEpoch ?? -1,
    };
    slot.pending = handle;
    slot.committed = new Promise((r) => (slot.resolveCommitted = r));
    this.lastPrecommitted = slot.committed;
    this.cut = slot.chain;
    this.current = 1 - this.current;
    return handle;
  }

  /**
   * At-least-once: waits for every send so far. Exactly-once: for the sends of the transaction
   * just pre-committed; later ones wait for its commit, which waits for this flush.
   */
  async flush(): Promise<void> {
    if (this.slots.length === 0) {
      this.drain();
      await this.chain;
    } else await this.cut;
    if (this.failure) throw this.failure;
  }

  async commit(handle: KafkaTransactionHandle): Promise<void> {
    const slot = this.slots.find((s) => s.pending === handle);
    if (!slot) return;
    await slot.chain;
    if (this.failure) throw this.failure;
    await slot.tx!.commit();
    slot.tx = null;
    slot.sent = 0;
    slot.pending = null;
    slot.resolveCommitted();
  }

  async close({ flush }: { flush: boolean }): Promise<void> {
    if (this.slots.length === 0 && flush) await this.flush().catch(() => {});
    // Sends waiting for a commit that will not come now end without sending.
    this.closing = true;
    for (const slot of this.slots) slot.resolveCommitted();
    // With no broker, sends and the abort wait for ever: a few seconds, then the clients close
    // (a transaction left open is aborted by the next run's fencing, or by its timeout).
    await within(CLOSE_WAIT_MS, Promise.all(this.slots.map((slot) => slot.chain)));
    for (const slot of this.slots) {
      // An open transaction is aborted: its records were never part of a durable checkpoint.
      if (slot.tx && !slot.pending)
        await within(
          CLOSE_WAIT_MS,
          slot.tx.abort().catch(() => {}),
        );
    }
    // Closing a client ends whatever of it still waits for the broker.
    await Promise.all([...this.clients].map((c) => c.close().catch(() => {})));
  }
}

export const kafkaNet: KafkaNet = {
  consumer: (options) => new PartitionConsumer(options),
  producer: (options) => new RecordProducer(options),
};
