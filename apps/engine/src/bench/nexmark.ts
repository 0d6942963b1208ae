// `npm run bench:nexmark`: the Nexmark queries of examples/nexmark on the same generated events,
// in Rivulet (a Job in this process) and on real Apache Flink 2.3 (the exported SQL, an embedded
// MiniCluster through runners/flink), alternating query by query, round by round; outputs
// compared as multisets; and Rivulet at settings.parallelism 2 beside 1. NEXMARK_EVENTS
// (default 1,000,000), NEXMARK_ROUNDS (default 3), NEXMARK_QUERIES=q1,q5 (default all) and
// NEXMARK_FLINK=0 (Rivulet alone) change it. Beside parallelism 2, what the machine gave two
// threads in the same round: the query at parallelism 1 twice at once (bench/pair.ts;
// NEXMARK_PAIR=0 leaves it out). Each query first runs twice at parallelism 1, at 2 and as the
// pair, not counted (NEXMARK_WARMUP=n: n times): V8 compiles a thread's code as it runs, and a
// worker that sees half the events takes two runs to get there (q5: 537, 229, 64 and 30
// functions optimized in its first four runs; CPU 4.8, 4.3, 3.8, 3.0 s). Flink's JVM is warmed
// by a job too.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '@rivulet/shared-types';
import { exportFlinkSql } from '../export/flink/index.js';
import { ParallelJob, parallelProblems } from '../parallel/run.js';
import { partFileLines } from '../export/flink/parts.js';
import { ensureFlinkRunner, runFlinkScripts } from '../flink/runner.js';
import { canonicalRows } from '../test-support/differential.js';
import { validatePipeline } from '../validate.js';
import { NEXMARK_RATE, writeNexmarkFile } from './nexmark-data.js';
import { NEXMARK_EXAMPLES, NEXMARK_QUERIES, nexmarkPipeline } from './nexmark-queries.js';
import { Pair } from './pair.js';
import { fmt, median, runJob } from './support.js';

const EVENTS = Number(process.env.NEXMARK_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.NEXMARK_ROUNDS ?? 3);
const QUERIES = process.env.NEXMARK_QUERIES?.split(',') ?? [...NEXMARK_QUERIES];
/** NEXMARK_FLINK=0: Rivulet alone. */
const FLINK = process.env.NEXMARK_FLINK !== '0';
/** NEXMARK_PAIR=0: no pair of parallelism-1 runs at once. */
const PAIR = process.env.NEXMARK_PAIR !== '0';
/** Rounds run first and not counted (NEXMARK_WARMUP). */
const WARMUP = Number(process.env.NEXMARK_WARMUP ?? 2);
/** The longest one Flink JVM may take (a warm-up job and one query). */
const FLINK_TIMEOUT_MS = 30 * 60_000;
const dir = join(process.cwd(), '.bench', 'nexmark');

interface Figures {
  rivuletMs: number[];
  /** The same at settings.parallelism 2 (worker threads), when the pipeline can run so. */
  parallelMs: number[];
  parallelProblem: string | null;
  /** Whether parallelism 2 wrote the same records as 1 (first round). */
  parallelEqual: boolean | null;
  /** Two runs at parallelism 1 at once, in two threads: until both ended. */
  pairMs: number[];
  /** Flink's job as the runner reports it (planning, submission, run), on a warm JVM. */
  flinkJobMs: number[];
  /** The JVM from spawn to exit (start-up, cluster, this job), less the warm-up job. */
  flinkWallMs: number[];
  /** Why Flink could not run it (not exported, failed), or null. */
  flinkProblem: string | null;
  equal: boolean | null;
  outputs: number;
  detail: string;
  load: number;
}

const readLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

/** The query's Flink SQL writing into `sinkDir`, or the export's problems as one line. */
async function flinkScript(
  query: string,
  input: string,
  sinkDir: string,
): Promise<{ ok: true; sql: string } | { ok: false; why: string }> {
  const valid = validatePipeline(nexmarkPipeline(query, input, join(sinkDir, 'unused')));
  if (!valid.ok) return { ok: false, why: valid.problems.map(formatProblem).join('; ') };
  const exported = await exportFlinkSql(valid.value, { sinkDir });
  return exported.ok
    ? { ok: true, sql: exported.value }
    : { ok: false, why: exported.problems.map(formatProblem).join('; ') };
}

async function rivulet(query: string, input: string, output: string): Promise<number> {
  rmSync(output, { force: true });
  const started = performance.now();
  await runJob(nexmarkPipeline(query, input, output));
  return performance.now() - started;
}

/** The query at settings.parallelism 2: its time, or why it cannot run so. */
async function rivuletParallel(
  query: string,
  input: string,
  output: string,
): Promise<{ ms: number } | { problem: string }> {
  rmSync(output, { force: true });
  const valid = validatePipeline({
    ...nexmarkPipeline(query, input, output),
    settings: { parallelism: 2 },
  });
  if (!valid.ok) return { problem: valid.problems.map(formatProblem).join('; ') };
  const problems = parallelProblems(valid.value);
  if (problems.length > 0) return { problem: problems.map(formatProblem).join('; ') };
  const started = performance.now();
  const result = await new ParallelJob(valid.value).run();
  if (result.status !== 'finished')
    return { problem: `${result.status}: ${result.error?.message ?? ''}` };
  return { ms: performance.now() - started };
}

/** One JVM: a warm-up job (the same query on the example's 2,000 events), then the query. */
async function flink(
  query: string,
  input: string,
  work: string,
): Promise<{ jobMs: number; wallMs: number; sinkDir: string } | { problem: string }> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const warm = await flinkScript(
    query,
    join(NEXMARK_EXAMPLES, 'data/events.jsonl'),
    join(work, 'warm'),
  );
  const real = await flinkScript(query, input, join(work, 'real'));
  if (!real.ok) return { problem: `not exported: ${real.why}` };
  if (!warm.ok) return { problem: `not exported: ${warm.why}` };
  writeFileSync(join(work, 'warm.sql'), warm.sql);
  writeFileSync(join(work, 'real.sql'), real.sql);
  const started = performance.now();
  const run = await runFlinkScripts([join(work, 'warm.sql'), join(work, 'real.sql')], {
    timeoutMs: FLINK_TIMEOUT_MS,
  });
  const job = run.jobs[1];
  // What one run of the query costs from a cold start: the JVM from spawn to exit, less the
  // warm-up job (which also makes the measured job's JIT and planner warm).
  const wallMs = performance.now() - started - (run.jobs[0]?.ms ?? 0);
  if (!run.ok || job === undefined || !job.ok) {
    const error = run.jobs.find((j) => !j.ok)?.error ?? run.stderr.trim().split('\n').pop();
    return { problem: `failed on Flink: ${error}` };
  }
  return { jobMs: job.ms, wallMs, sinkDir: join(work, 'real', 'out') };
}

function compare(
  rivuletOut: string,
  otherLines: string[],
  other = 'Flink',
): { equal: boolean; detail: string } {
  const a = canonicalRows(parse(readLines(rivuletOut)));
  const b = canonicalRows(parse(otherLines));
  if (a.length !== b.length)
    return { equal: false, detail: `Rivulet ${a.length} rows, ${other} ${b.length}` };
  const at = a.findIndex((row, i) => row !== b[i]);
  return at < 0
    ? { equal: true, detail: `${a.length} rows` }
    : { equal: false, detail: `first difference: Rivulet ${a[at]}, ${other} ${b[at]}` };
}

/** Rivulet's runs of a query, at parallelism 1, at 2 and as the pair, not counted. */
async function warmUp(query: string, input: string, pair: Pair | null, f: Figures) {
  const output = join(dir, `rivulet-warm-${query}.jsonl`);
  const ms = await rivulet(query, input, output);
  let line = `  warm-up ${query}: Rivulet ${fmt((EVENTS / ms) * 1000)} ev/s`;
  const p2 = await rivuletParallel(query, input, output);
  if ('problem' in p2) f.parallelProblem = p2.problem;
  else line += `, parallelism 2 ${fmt((EVENTS / p2.ms) * 1000)} ev/s`;
  if (pair !== null && f.parallelProblem === null) {
    const outs = [0, 1].map((i) => join(dir, `rivulet-warm-${i}-${query}.jsonl`));
    const pairMs = await pair.both((i) => nexmarkPipeline(query, input, outs[i]!));
    line += ` (two at parallelism 1 at once: ${fmt(((2 * EVENTS) / pairMs) * 1000)} ev/s)`;
    for (const out of outs) rmSync(out, { force: true });
  }
  rmSync(output, { force: true });
  console.log(`${line}; not counted`);
}

/**
 * How many times faster `other` ran than parallelism 1: the median of the rounds' ratios. Each
 * round runs them back to back, so that a machine that slows down or speeds up between rounds
 * (a shared one does, by tens of per cent) moves both.
 */
const pairedRatio = (p1Ms: number[], otherMs: number[]) =>
  median(otherMs.map((ms, round) => p1Ms[round]! / ms));

const rate = (events: number, ms: number[]) => (ms.length ? (events / median(ms)) * 1000 : NaN);
const pad = (text: string, width: number, left = false) =>
  left ? text.padEnd(width) : text.padStart(width);

async function main() {
  mkdirSync(dir, { recursive: true });
  const input = join(dir, `events-${EVENTS}.jsonl`);
  if (!existsSync(input) || statSync(input).size === 0) {
    console.log(`writing ${fmt(EVENTS)} Nexmark events to ${input} …`);
    await writeNexmarkFile(input, { events: EVENTS });
  }
  const mb = statSync(input).size / 1e6;
  console.log(
    `Nexmark — ${fmt(EVENTS)} events (seed 1, ${fmt(NEXMARK_RATE)} per second of event time, ${mb.toFixed(0)} MB of JSON Lines), ` +
      `${ROUNDS} rounds after ${WARMUP} not counted, medians; node ${process.version}, ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const problem = FLINK
    ? await ensureFlinkRunner({ log: (line) => console.log(`  ${line}`) })
    : 'not run (NEXMARK_FLINK=0)';
  if (problem) console.log(`Flink runner: ${problem}; Rivulet's figures alone`);

  const figures = new Map<string, Figures>();
  for (const query of QUERIES) {
    figures.set(query, {
      rivuletMs: [],
      parallelMs: [],
      parallelProblem: null,
      parallelEqual: null,
      pairMs: [],
      flinkJobMs: [],
      flinkWallMs: [],
      flinkProblem: problem,
      equal: null,
      outputs: 0,
      detail: '',
      load: 0,
    });
  }
  const pair = PAIR ? Pair.start() : null;
  for (let round = -WARMUP; round < ROUNDS; round++) {
    // A warm-up round: Rivulet's runs only, not counted.
    if (round < 0) {
      for (const query of QUERIES) await warmUp(query, input, pair, figures.get(query)!);
      continue;
    }
    for (const query of QUERIES) {
      const f = figures.get(query)!;
      const output = join(dir, `rivulet-${query}.jsonl`);
      const ms = await rivulet(query, input, output);
      f.rivuletMs.push(ms);
      let line = `  round ${round + 1} ${query}: Rivulet ${fmt((EVENTS / ms) * 1000)} ev/s`;
      if (f.parallelProblem === null) {
        const parallelOut = join(dir, `rivulet-p2-${query}.jsonl`);
        const p2 = await rivuletParallel(query, input, parallelOut);
        if ('problem' in p2) f.parallelProblem = p2.problem;
        else {
          f.parallelMs.push(p2.ms);
          line += `, parallelism 2 ${fmt((EVENTS / p2.ms) * 1000)} ev/s (${(ms / p2.ms).toFixed(2)}×)`;
          if (round === 0) {
            const { equal, detail } = compare(output, readLines(parallelOut), 'parallelism 2');
            f.parallelEqual = equal;
            if (!equal) line += ` (DIFFERS from parallelism 1: ${detail})`;
          }
        }
        rmSync(parallelOut, { force: true });
        if (pair !== null && f.parallelProblem === null) {
          const outs = [0, 1].map((i) => join(dir, `rivulet-pair-${i}-${query}.jsonl`));
          const pairMs = await pair.both((i) => nexmarkPipeline(query, input, outs[i]!));
          f.pairMs.push(pairMs);
          line += ` (two at parallelism 1 at once: ${fmt(((2 * EVENTS) / pairMs) * 1000)} ev/s)`;
          for (const out of outs) rmSync(out, { force: true });
        }
      }
      if (f.flinkProblem === null) {
        const work = join(dir, `flink-${query}`);
        const run = await flink(query, input, work);
        if ('problem' in run) f.flinkProblem = run.problem;
        else {
          f.flinkJobMs.push(run.jobMs);
          f.flinkWallMs.push(run.wallMs);
          line += `, Flink ${fmt((EVENTS / run.jobMs) * 1000)} ev/s (job ${fmt(run.jobMs)} ms, JVM ${fmt(run.wallMs)} ms)`;
          if (round === 0) {
            const { equal, detail } = compare(output, partFileLines(run.sinkDir));
            f.equal = equal;
            f.detail = detail;
            line += `, outputs ${equal ? 'equal' : 'DIFFER'} (${detail})`;
          }
        }
        rmSync(work, { recursive: true, force: true });
      }
      if (round === 0) f.outputs = readLines(output).length;
      rmSync(output, { force: true });
      f.load = loadavg()[0]!;
      console.log(
        f.flinkProblem && f.flinkProblem !== problem ? `${line}; Flink: ${f.flinkProblem}` : line,
      );
    }
  }

  await pair?.close();

  const header = [
    pad('query', 6, true),
    pad('events', 10),
    pad('outputs', 9),
    pad('Rivulet ev/s', 13),
    pad('p2 ev/s', 10),
    pad('p2÷p1', 6),
    pad('2 at once', 10),
    pad('Flink ev/s (job)', 17),
    pad('ratio', 6),
    pad('Flink ev/s (wall)', 18),
    pad('ratio', 6),
    pad('equal', 6),
    pad('load', 5),
  ];
  console.log(`\n${header.join(' ')}`);
  for (const [query, f] of figures) {
    const r = rate(EVENTS, f.rivuletMs);
    const p2 = rate(EVENTS, f.parallelMs);
    const hasP2 = f.parallelMs.length > 0;
    const job = rate(EVENTS, f.flinkJobMs);
    const wall = rate(EVENTS, f.flinkWallMs);
    const has = f.flinkJobMs.length > 0;
    console.log(
      [
        pad(query, 6, true),
        pad(fmt(EVENTS), 10),
        pad(fmt(f.outputs), 9),
        pad(fmt(r), 13),
        pad(hasP2 ? fmt(p2) + (f.parallelEqual === false ? '✗' : '') : '—', 10),
        pad(hasP2 ? pairedRatio(f.rivuletMs, f.parallelMs).toFixed(2) : '—', 6),
        pad(f.pairMs.length > 0 ? (2 * pairedRatio(f.rivuletMs, f.pairMs)).toFixed(2) : '—', 10),
        pad(has ? fmt(job) : '—', 17),
        pad(has ? (r / job).toFixed(2) : '—', 6),
        pad(has ? fmt(wall) : '—', 18),
        pad(has ? (r / wall).toFixed(2) : '—', 6),
        pad(f.equal === null ? '—' : f.equal ? '✓' : '✗', 6),
        pad(f.load.toFixed(2), 5),
      ].join(' '),
    );
  }
  if (problem) console.log(`Flink: ${problem}`);
  for (const [query, f] of figures) {
    if (f.parallelProblem) console.log(`${query}: parallelism 2 not run: ${f.parallelProblem}`);
    if (f.parallelEqual === false) console.log(`${query}: parallelism 2 wrote other records`);
    if (f.flinkProblem && f.flinkProblem !== problem)
      console.log(`${query}: Flink not measured: ${f.flinkProblem}`);
    else if (f.equal === false) console.log(`${query}: outputs differ: ${f.detail}`);
  }
  console.log(
    "\nRivulet: the pipeline as a Job in this process, file to file, start to end; p2: the same at settings.parallelism 2 (worker threads; ✗: other records than at 1); p2÷p1: its speed-up, the median of the rounds' (each round runs both back to back); 2 at once: the speed-up of two runs at parallelism 1 at once in two threads (twice the events in their time ÷ one run's rate, the median of the rounds'), what the two cores gave in the same rounds, the most p2÷p1 could be without its exchange. Flink (job): the job's time as the runner reports it " +
      '(planning, submission and run, on a JVM warmed by the same query on 2,000 events); Flink (wall): that JVM from spawn to exit, ' +
      'start-up included, less the warm-up job. Ratio: Rivulet (parallelism 1) ÷ Flink (parallelism 1). Load: 1-minute load average after the query.',
  );
}

await main();
process.exit(0);
