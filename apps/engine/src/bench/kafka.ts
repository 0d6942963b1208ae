// (i) Kafka on a real broker the bench starts itself: the engine's read rate against a plain loop
// over the same protocol calls, then end-to-end latency at a steady 10,000 records/s.
//
// The latency run's producer and consumer are worker threads of this same module (see the end
// of the file): on the engine's event loop their work would show as the engine's latency.
import { rmSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Admin, Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { startKafka } from '../../../../scripts/brokers/kafka.mjs';
import { CheckpointStore } from '../checkpoint/store.js';
import { loadConnectors } from '../connectors/index.js';
import { committedBatches, fetchPartitions } from '../connectors/kafka.js';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { validatePipeline } from '../validate.js';
import { fmt, median, tempDir } from './support.js';

const PARTITIONS = 4;
const USERS = 100;
const T0 = Date.UTC(2026, 0, 1);
/** Messages per produce request when filling the throughput topic (records per batch: ÷ 4). */
const FILL_CHUNK = 8_000;
const READ_COMMITTED = 1;
/** Latency samples sent in the first second are left out: connections still opening. */
const WARM_UP_MS = 1000;
/** Records of the untimed warm-up round. */
const WARM_UP_EVENTS = 50_000;

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function kafkaBench(events: number, rounds: number, seconds: number): Promise<void> {
  await loadConnectors(['source.kafka']);
  const dataDir = tempDir();
  const t0 = performance.now();
  // Never writes the class archive (the test suite's broker does): its stop stays short.
  const broker = await startKafka({ dataDir, writeClassArchive: false, timeoutMs: 120_000 });
  console.log(`  broker ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  try {
    await throughput(broker.bootstrap, events, rounds);
    console.log(
      `\n(i) end-to-end latency at 10,000 records/s for ${seconds} s: Kafka → filter → map → Kafka, checkpoints every 1 s`,
    );
    for (const delivery of ['at-least-once', 'exactly-once'] as const)
      await latency(broker.bootstrap, delivery, seconds, 10_000);
  } finally {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// --- throughput --------------------------------------------------------------------------------

async function throughput(bootstrap: string, events: number, rounds: number): Promise<void> {
  const topic = 'bench-i-in';
  const warm = 'bench-i-warm-up';
  await createTopics(bootstrap, [topic], PARTITIONS);
  await createTopics(bootstrap, [warm], PARTITIONS);
  const t0 = performance.now();
  await fill(bootstrap, topic, events);
  console.log(
    `  ${fmt(events)} records produced into ${PARTITIONS} partitions in ${((performance.now() - t0) / 1000).toFixed(1)} s (not measured)`,
  );
  // A fresh broker creates its transaction and offset topics on first use, and a fresh process
  // compiles both loops: once, untimed, on a small topic.
  const warmEvents = Math.min(events, WARM_UP_EVENTS);
  await fill(bootstrap, warm, warmEvents);
  await createTopics(bootstrap, ['bench-i-warm-up-out'], 1);
  await engineRound(bootstrap, warm, 'bench-i-warm-up-out', 'bench-i-warm-up', warmEvents);
  await handRound(bootstrap, warm, 'bench-i-warm-up-hand', warmEvents);
  const engine: number[] = [];
  const hand: number[] = [];
  const engineCpu: number[] = [];
  const handCpu: number[] = [];
  let check = '';
  for (let round = 0; round < rounds; round++) {
    const out = `bench-i-out-${round}`;
    await createTopics(bootstrap, [out], 1);
    const e = await engineRound(bootstrap, topic, out, `bench-i-engine-${round}`, events);
    const h = await handRound(bootstrap, topic, `bench-i-hand-${round}`, events);
    if (e.events !== events || h.events !== events)
      check = ` (mismatch! engine ${e.events}, hand ${h.events} of ${events})`;
    engine.push((e.events / e.ms) * 1000);
    hand.push((h.events / h.ms) * 1000);
    engineCpu.push(e.cpuUs / e.events);
    handCpu.push(h.cpuUs / h.events);
    console.log(
      `  round ${round + 1}: engine ${fmt(engine.at(-1)!)} ev/s (${engineCpu.at(-1)!.toFixed(2)} µs CPU/record, first record at ${fmt(e.firstMs)} ms), hand loop ${fmt(hand.at(-1)!)} ev/s (${handCpu.at(-1)!.toFixed(2)} µs CPU/record, first at ${fmt(h.firstMs)} ms)`,
    );
  }
  const ratio = median(engine) / median(hand);
  console.log(
    `(i) Kafka → window → Kafka exactly-once: engine ${fmt(median(engine))} ev/s, hand loop ${fmt(median(hand))} ev/s, ratio ${ratio.toFixed(2)} (goal ≥ 0.7)${ratio >= 0.7 ? '' : '  BELOW GOAL'}${check}`,
  );
  // CPU time per record depends less on what else the machine runs than wall time does.
  console.log(
    `(i) CPU per record: engine ${median(engineCpu).toFixed(2)} µs, hand loop ${median(handCpu).toFixed(2)} µs (hand/engine ${(median(handCpu) / median(engineCpu)).toFixed(2)})`,
  );
}

async function createTopics(bootstrap: string, topics: string[], partitions: number) {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [bootstrap] });
  try {
    await admin.createTopics({ topics, partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}

/** Record i of the throughput topic: a user's click, 2 ms of event time apart, a tenth unpaid. */
function click(i: number) {
  const u = (Math.imul(i, 2654435761) >>> 0) % USERS;
  const amount = ((Math.imul(i, 7919) >>> 0) % 100) - 10;
  return {
    partition: u % PARTITIONS,
    key: `u${u}`,
    value: `{"user":"u${u}","ts":${T0 + i * 2},"amount":${amount}}`,
  };
}

/** In large produce requests, one at a time so that each partition stays in event-time order. */
async function fill(bootstrap: string, topic: string, events: number): Promise<void> {
  const producer = new Producer({
    clientId: 'bench-fill',
    bootstrapBrokers: [bootstrap],
    serializers: stringSerializers,
    acks: 1,
  });
  try {
    for (let i = 0; i < events; i += FILL_CHUNK) {
      const messages = [];
      for (let j = i; j < Math.min(events, i + FILL_CHUNK); j++)
        messages.push({ topic, ...click(j) });
      await producer.send({ messages });
    }
  } finally {
    await producer.close();
  }
}

function throughputPipeline(bootstrap: string, topic: string, out: string, groupId: string) {
  return {
    version: 1,
    name: `bench-i ${groupId}`,
    nodes: [
      {
        id: 'in',
        type: 'source.kafka',
        params: {
          bootstrapServers: [bootstrap],
          topic,
          groupId,
          eventTime: { field: 'ts', maxOutOfOrderness: '2s' },
        },
      },
      { id: 'paid', type: 'filter', params: { expr: 'amount > 0' } },
      { id: 'byUser', type: 'keyBy', params: { fields: ['user'] } },
      {
        id: 'w',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'clicks' },
            { fn: 'sum', field: 'amount', as: 'spent' },
          ],
        },
      },
      {
        id: 'out',
        type: 'sink.kafka',
        params: {
          bootstrapServers: [bootstrap],
          topic: out,
          key: 'user',
          delivery: 'exactly-once',
        },
      },
    ],
    edges: [
      { source: 'in', target: 'paid' },
      { source: 'paid', target: 'byUser' },
      { source: 'byUser', target: 'w' },
      { source: 'w', target: 'out' },
    ],
  };
}

/** A job with checkpoints every `everyMs` into a temporary store. */
function kafkaJob(doc: unknown, everyMs: number) {
  const valid = validatePipeline(doc);
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems, null, 2));
  const store = new CheckpointStore(tempDir());
  const job = new Job(valid.value, {
    io: nodeIO(() => {}),
    checkpoints: { everyMs, fingerprint: 'bench-i', onCheckpoint: (c) => store.write(c) },
  });
  return {
    job,
    async end(running: ReturnType<Job['run']>) {
      job.stop();
      const result = await running;
      rmSync(store.dir, { recursive: true, force: true });
      if (result.status === 'failed') throw new Error(`bench job failed: ${result.error?.message}`);
    },
  };
}

/** Polls every 20 ms until `done()`; rejects if the job ends first. */
function watch(running: ReturnType<Job['run']>, done: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let over = false;
    const timer = setInterval(() => {
      if (!done()) return;
      over = true;
      clearInterval(timer);
      resolve();
    }, 20);
    void running.then((result) => {
      if (over) return;
      clearInterval(timer);
      reject(new Error(`bench job ended early, ${result.status}: ${result.error?.message}`));
    });
  });
}

/** From the job's start until its source has read every record (the last windows may be open). */
async function engineRound(
  bootstrap: string,
  topic: string,
  out: string,
  groupId: string,
  events: number,
) {
  const { job, end } = kafkaJob(throughputPipeline(bootstrap, topic, out, groupId), 1000);
  const source = job.metrics.get('in')!;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let firstMs = 0;
  const running = job.run();
  try {
    await watch(running, () => {
      if (firstMs === 0 && source.recordsIn > 0) firstMs = performance.now() - t0;
      return source.recordsIn >= events;
    });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { events: source.recordsIn, ms, firstMs, cpuUs: cpu.user + cpu.system };
  } finally {
    await end(running);
  }
}

/**
 * The client's raw rate: the source's own Fetch and read_committed filter in a plain loop, the
 * next fetch asked for while this one is decoded (the source reads ahead likewise); each key
 * and value decoded to text and each value parsed, nothing else.
 */
async function handRound(bootstrap: string, topic: string, groupId: string, events: number) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const consumer = new Consumer({
    clientId: 'bench-hand',
    bootstrapBrokers: [bootstrap],
    groupId,
    isolationLevel: READ_COMMITTED,
  });
  try {
    const t = (await consumer.metadata({ topics: [topic] })).topics.get(topic)!;
    const leader = t.partitions[0]!.leader;
    const offsets = Array.from({ length: t.partitionsCount }, () => 0n);
    const request = () =>
      fetchPartitions(
        consumer,
        leader,
        t.id,
        offsets.map((offset, partition) => ({ partition, offset })),
        READ_COMMITTED,
        0,
      );
    let count = 0;
    let firstMs = 0;
    let last: unknown = null;
    let pending = request();
    while (count < events) {
      const response = await pending;
      const fetched = (response.responses[0]?.partitions ?? []).map((part) => {
        const { batches, next } = committedBatches(part);
        if (next !== null && next > offsets[part.partitionIndex]!)
          offsets[part.partitionIndex] = next;
        return batches;
      });
      pending = request();
      for (const batches of fetched)
        for (const batch of batches)
          for (const record of batch.records) {
            const key = record.key ? record.key.toString('utf8') : null;
            const value = record.value ? record.value.toString('utf8') : '';
            last = [key, JSON.parse(value)];
            count++;
          }
      if (firstMs === 0 && count > 0) firstMs = performance.now() - t0;
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await pending.catch(() => {});
    if (last === null) throw new Error('nothing read');
    return { events: count, ms, firstMs, cpuUs: cpu.user + cpu.system };
  } finally {
    await consumer.close();
  }
}

// --- latency -----------------------------------------------------------------------------------

type Role =
  | { benchKafka: 'producer'; bootstrap: string; topic: string; seconds: number; rate: number }
  | { benchKafka: 'consumer'; bootstrap: string; topics: string[] };

/** What the producer reports: records sent, those the filter keeps, and its own timing. */
interface Sent {
  sent: number;
  kept: number;
  start: number;
  ms: number;
}

/** What the consumer reports per topic: each record's send time and its latency, in ms. */
interface Received {
  sentAt: Float64Array;
  latency: Float64Array;
  count: number;
}

function latencyPipeline(bootstrap: string, topic: string, out: string, delivery: string) {
  return {
    version: 1,
    name: `bench-i latency ${delivery}`,
    nodes: [
      {
        id: 'in',
        type: 'source.kafka',
        params: { bootstrapServers: [bootstrap], topic, groupId: `bench-i-lat-${delivery}` },
      },
      { id: 'paid', type: 'filter', params: { expr: 'amount > 0' } },
      { id: 'cents', type: 'map', params: { fields: { cents: 'amount * 100' }, keep: true } },
      {
        id: 'out',
        type: 'sink.kafka',
        params: { bootstrapServers: [bootstrap], topic: out, key: 'user', delivery },
      },
    ],
    edges: [
      { source: 'in', target: 'paid' },
      { source: 'paid', target: 'cents' },
      { source: 'cents', target: 'out' },
    ],
  };
}

function startWorker(role: Role): { worker: Worker; result: Promise<unknown> } {
  const worker = new Worker(new URL(import.meta.url), { workerData: role });
  const result = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`bench ${role.benchKafka} exited (${code})`)));
  });
  return { worker, result };
}

/**
 * A producer writes `rate` records/s into the input topic while the job runs; a consumer reads
 * the output topic, and the input topic too: the broker's own share of the latency.
 */
async function latency(
  bootstrap: string,
  delivery: 'at-least-once' | 'exactly-once',
  seconds: number,
  rate: number,
): Promise<void> {
  const topic = `bench-i-lat-in-${delivery}`;
  const out = `bench-i-lat-out-${delivery}`;
  await createTopics(bootstrap, [topic, out], PARTITIONS);
  const { job, end } = kafkaJob(latencyPipeline(bootstrap, topic, out, delivery), 1000);
  const running = job.run();
  const workers: Worker[] = [];
  let received: Received[];
  let sent: Sent;
  let inside: string;
  try {
    // The source has its partitions (and an exactly-once sink its transactions).
    await watch(
      running,
      () =>
        job.metrics.get('in')!.connection.status === 'connected' &&
        (delivery === 'at-least-once' || job.metrics.get('out')!.connection.status === 'connected'),
    );
    const consumer = startWorker({ benchKafka: 'consumer', bootstrap, topics: [out, topic] });
    const producer = startWorker({ benchKafka: 'producer', bootstrap, topic, seconds, rate });
    workers.push(consumer.worker, producer.worker);
    sent = (await producer.result) as Sent;
    // Then until the consumer has every record, or 20 s more.
    consumer.worker.postMessage({ expect: [sent.kept, sent.sent], until: Date.now() + 20_000 });
    received = (await consumer.result) as Received[];
    // The engine's own share: a source batch's way through the graph, and waits for the sink.
    const batch = job.metrics.get('out')!.latency;
    inside = `a batch from source to sink p99 ${(batch.getValueAtPercentile(99) / 1000).toFixed(1)} ms, source waiting for the sink ${fmt(job.metrics.get('in')!.blockedMs)} ms in all`;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await end(running);
  }
  const [output, input] = received as [Received, Received];
  const missing = output.count < sent.kept ? `, ${fmt(sent.kept - output.count)} MISSING` : '';
  console.log(
    `  ${delivery}: ${fmt(sent.sent)} sent at ${fmt((sent.sent / sent.ms) * 1000)} records/s, ${fmt(output.count)} of ${fmt(sent.kept)} kept records read back${missing}; the broker alone (the input topic read back): ${percentiles(input, sent.start + WARM_UP_MS)}`,
  );
  const note =
    delivery === 'exactly-once'
      ? '; includes the wait for the checkpoint that commits the transaction (every 1 s)'
      : '';
  console.log(
    `(i) latency ${delivery}: ${percentiles(output, sent.start + WARM_UP_MS)} (records sent in the first second left out${note})`,
  );
  console.log(`  inside the engine: ${inside}`);
}

/** p50, p99 and max of the latencies of records sent from `from` on. */
function percentiles(received: Received, from: number): string {
  const samples: number[] = [];
  for (let i = 0; i < received.count; i++)
    if (received.sentAt[i]! >= from) samples.push(received.latency[i]!);
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return `p50 ${fmt(at(0.5))} ms, p99 ${fmt(at(0.99))} ms, max ${fmt(at(1))} ms over ${fmt(sorted.length)} records`;
}

// --- the latency run's workers -----------------------------------------------------------------

/** `rate` records/s in 10 ms slices, each stamped with its send time; late slices catch up. */
async function producerWorker(role: Extract<Role, { benchKafka: 'producer' }>): Promise<Sent> {
  const producer = new Producer({
    clientId: 'bench-latency-producer',
    bootstrapBrokers: [role.bootstrap],
    serializers: stringSerializers,
    acks: 1,
  });
  await producer.metadata({ topics: [role.topic] });
  const total = role.rate * role.seconds;
  const perSlice = role.rate / 100;
  const sends: Promise<unknown>[] = [];
  let failure: unknown = null;
  let sent = 0;
  let kept = 0;
  const start = Date.now();
  for (let slice = 1; sent < total; slice++) {
    const now = Date.now();
    // The records due by the end of this slice; more at once when the timer came late.
    const due = Math.min(total, Math.floor(((now - start) / 10 + 1) * perSlice));
    const messages = [];
    for (; sent < due; sent++) {
      const amount = ((Math.imul(sent, 7919) >>> 0) % 100) - 10;
      if (amount > 0) kept++;
      messages.push({
        topic: role.topic,
        partition: sent % PARTITIONS,
        key: `u${sent % USERS}`,
        value: `{"user":"u${sent % USERS}","seq":${sent},"amount":${amount},"sentAt":${now}}`,
      });
    }
    if (messages.length > 0)
      sends.push(producer.send({ messages }).catch((error: unknown) => (failure ??= error)));
    await later(Math.max(0, start + slice * 10 - Date.now()));
  }
  const ms = Date.now() - start;
  await Promise.all(sends);
  await producer.close();
  if (failure) throw failure;
  return { sent, kept, start, ms };
}

/** Reads each topic read_committed from its start; latency = a response's arrival − sentAt. */
async function consumerWorker(
  role: Extract<Role, { benchKafka: 'consumer' }>,
): Promise<Received[]> {
  let expected = role.topics.map(() => Infinity);
  let until = Infinity;
  parentPort!.on('message', (m: { expect: number[]; until: number }) => {
    expected = m.expect;
    until = m.until;
  });
  const consumer = new Consumer({
    clientId: 'bench-latency-consumer',
    bootstrapBrokers: [role.bootstrap],
    groupId: 'bench-latency-consumer',
    isolationLevel: READ_COMMITTED,
  });
  // A copy: the client sorts the list it is given.
  const metadata = await consumer.metadata({ topics: [...role.topics] });
  const read = async (topic: string, index: number): Promise<Received> => {
    const t = metadata.topics.get(topic)!;
    const offsets = Array.from({ length: t.partitionsCount }, () => 0n);
    let sentAt: Float64Array = new Float64Array(1 << 16);
    let delays: Float64Array = new Float64Array(1 << 16);
    let count = 0;
    while (count < expected[index]! && Date.now() < until) {
      const response = await fetchPartitions(
        consumer,
        t.partitions[0]!.leader,
        t.id,
        offsets.map((offset, partition) => ({ partition, offset })),
        READ_COMMITTED,
        100,
      );
      const now = Date.now();
      for (const part of response.responses[0]?.partitions ?? []) {
        const { batches, next } = committedBatches(part);
        if (next !== null && next > offsets[part.partitionIndex]!)
          offsets[part.partitionIndex] = next;
        for (const batch of batches)
          for (const record of batch.records) {
            if (!record.value) continue;
            const value = JSON.parse(record.value.toString('utf8')) as { sentAt: number };
            if (count === sentAt.length) {
              sentAt = grow(sentAt);
              delays = grow(delays);
            }
            sentAt[count] = value.sentAt;
            delays[count] = now - value.sentAt;
            count++;
          }
      }
    }
    return { sentAt: sentAt.subarray(0, count), latency: delays.subarray(0, count), count };
  };
  const received = await Promise.all(role.topics.map(read));
  await consumer.close();
  return received;
}

function grow(values: Float64Array): Float64Array {
  const bigger = new Float64Array(values.length * 2);
  bigger.set(values);
  return bigger;
}

// This module is also the entry of those workers, so that the bench stays one module.
if (!isMainThread && (workerData as Role | null)?.benchKafka) {
  const role = workerData as Role;
  void (role.benchKafka === 'producer' ? producerWorker(role) : consumerWorker(role)).then(
    (result) => parentPort!.postMessage(result),
  );
}
