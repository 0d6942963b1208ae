// `npm run bench`: the engine against a hand-written loop doing the same work on the same
// input, in the same process; medians of alternating runs, since the machines are noisy.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { engineFile, ensureInputFile, handFile } from './file-sliding.js';
import { engineInMemory, handInMemory } from './in-memory.js';
import { memoryBench } from './memory.js';
import { socketsBench } from './sockets.js';
import { checkpointsBench } from './checkpoints.js';
import { workersBench } from './workers.js';
import { parallelBench } from './parallel.js';
import { fmt, median } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_ONLY=e,f runs only those parts. */
const only = process.env.BENCH_ONLY?.split(',');
const part = (letter: string) => !only || only.includes(letter);
const dir = join(process.cwd(), '.bench');

interface Run {
  events: number;
  outputs: number;
  ms: number;
}

async function compare(
  name: string,
  goal: number,
  engine: () => Promise<Run>,
  hand: () => Promise<Run>,
) {
  const e: number[] = [];
  const h: number[] = [];
  let check = '';
  for (let round = 0; round < ROUNDS; round++) {
    const a = await engine();
    const b = await hand();
    if (a.outputs !== b.outputs || a.events !== b.events)
      check = ` (mismatch! engine ${a.events}/${a.outputs}, hand ${b.events}/${b.outputs})`;
    e.push((a.events / a.ms) * 1000);
    h.push((b.events / b.ms) * 1000);
    console.log(
      `  round ${round + 1}: engine ${fmt(e.at(-1)!)} ev/s, hand loop ${fmt(h.at(-1)!)} ev/s (${a.events} events, ${a.outputs} outputs)`,
    );
  }
  const ratio = median(e) / median(h);
  console.log(
    `${name}: engine ${fmt(median(e))} ev/s, hand loop ${fmt(median(h))} ev/s, ratio ${ratio.toFixed(2)} (goal ≥ ${goal})${ratio >= goal ? '' : '  BELOW GOAL'}${check}`,
  );
}

async function main() {
  mkdirSync(dir, { recursive: true });
  const events = Number(process.env.BENCH_EVENTS ?? 2_000_000);
  console.log(`Rivulet bench — node ${process.version}, ${ROUNDS} rounds, medians\n`);

  if (part('a')) {
    console.log(
      `(a) generator → filter → keyBy → tumbling count+sum, in memory, ${fmt(events)} events`,
    );
    // Goals of issue 16 (were 0.5 and 0.7 before it).
    await compare(
      '(a) in memory',
      0.75,
      () => engineInMemory(events),
      () => handInMemory(events),
    );
  }

  if (part('b')) {
    const lines = Number(process.env.BENCH_LINES ?? 1_000_000);
    const input = await ensureInputFile(dir, lines);
    console.log(
      `\n(b) ${fmt(lines)}-line JSONL file → filter → keyBy → sliding 1m/10s → file sink`,
    );
    await compare(
      '(b) file, sliding',
      0.85,
      () => engineFile(input, join(dir, 'engine-out.jsonl')),
      () => handFile(input, join(dir, 'hand-out.jsonl')),
    );
    rmSync(join(dir, 'engine-out.jsonl'), { force: true });
    rmSync(join(dir, 'hand-out.jsonl'), { force: true });
  }

  if (part('c')) {
    console.log('\n(c) memory: generated events, 100,000 keys, tumbling 1m per key');
    await memoryBench();
  }

  if (part('d')) {
    const socketEvents = Number(process.env.BENCH_SOCKET_EVENTS ?? 4_000_000);
    console.log(
      `\n(d) one pipeline on the server, ${fmt(socketEvents)} events: 10 subscribed socket.io clients (one never reading) against none`,
    );
    await socketsBench(socketEvents, ROUNDS);
  }

  if (part('e') || part('f')) {
    const workerEvents = Number(process.env.BENCH_WORKER_EVENTS ?? 6_000_000);
    console.log(
      `\n(e) pipeline (a) with ${fmt(workerEvents)} events in a run's worker thread against in this thread`,
    );
    await workersBench(workerEvents, ROUNDS);
  }

  if (part('g') || part('h')) {
    const lines = Number(process.env.BENCH_LINES ?? 1_000_000);
    const input = await ensureInputFile(dir, lines);
    console.log(
      `\n(g) the (b) job on ${fmt(lines)} lines with a checkpoint every second against none`,
    );
    await checkpointsBench(input, dir, ROUNDS);
  }

  if (part('j')) {
    const lines = Number(process.env.BENCH_LINES ?? 1_000_000);
    const input = await ensureInputFile(dir, lines);
    console.log(`\n(j) the (b) job on ${fmt(lines)} lines in 2 worker threads against one thread`);
    await parallelBench(input, lines, join(dir, 'parallel-out.jsonl'), ROUNDS);
    rmSync(join(dir, 'parallel-out.jsonl'), { force: true });
  }

  if (part('i')) {
    const kafkaEvents = Number(process.env.BENCH_KAFKA_EVENTS ?? 500_000);
    const seconds = Number(process.env.BENCH_KAFKA_SECONDS ?? 15);
    console.log(
      `\n(i) Kafka on a broker of its own: ${fmt(kafkaEvents)} records, 4 partitions → filter → keyBy → tumbling count+sum → Kafka exactly-once, against a plain fetch loop`,
    );
    // Imported here only: the Kafka client takes about a second to load, and (c) measures memory.
    const { kafkaBench } = await import('./kafka.js');
    await kafkaBench(kafkaEvents, ROUNDS, seconds);
  }
}

await main();
process.exit(0);
