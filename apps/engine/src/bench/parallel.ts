import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Job } from '../job.js';
import { ParallelJob } from '../parallel/run.js';
import { validatePipeline } from '../validate.js';
import { filePipeline } from './file-sliding.js';
import { Pair } from './pair.js';
import { fmt, median, quietIO } from './support.js';

/** CPU seconds of the last run measured (all of the process's threads). */
export let lastCpuSec = 0;

/** Runs a pipeline document at a parallelism; events read per second of wall time. */
export async function eventsPerSecond(doc: object, parallelism: number): Promise<number> {
  const valid = validatePipeline({ ...doc, settings: { parallelism } });
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems, null, 2));
  const job =
    parallelism === 1 ? new Job(valid.value, { io: quietIO }) : new ParallelJob(valid.value);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await job.run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  lastCpuSec = (cpu.user + cpu.system) / 1e6;
  if (result.status !== 'finished')
    throw new Error(`bench job ${result.status}: ${result.error?.message}`);
  const read = result.nodes
    .filter((n) => n.type.startsWith('source.'))
    .reduce((t, n) => t + n.recordsOut, 0);
  return (read / ms) * 1000;
}

/**
 * (j) the (b) file job at parallelism 1 and 2, alternating rounds; the ratio of medians. Beside
 * it, the same job at parallelism 1 twice at once in two threads (pair.ts): what the machine
 * gave two threads in the same rounds.
 */
export async function parallelBench(
  input: string,
  lines: number,
  output: string,
  rounds: number,
): Promise<void> {
  const one: number[] = [];
  const two: number[] = [];
  const both: number[] = [];
  const cpuOne: number[] = [];
  const cpuTwo: number[] = [];
  const pair = Pair.start();
  const outs = [0, 1].map((i) => `${output}.pair-${i}`);
  for (let round = 0; round < rounds; round++) {
    one.push(await eventsPerSecond(filePipeline(input, output), 1));
    cpuOne.push(lastCpuSec);
    two.push(await eventsPerSecond(filePipeline(input, output), 2));
    cpuTwo.push(lastCpuSec);
    const ms = await pair.both((i) => filePipeline(input, outs[i]!));
    both.push(((2 * lines) / ms) * 1000);
    console.log(
      `  round ${round + 1}: parallelism 1 ${fmt(one.at(-1)!)} ev/s (CPU ${cpuOne.at(-1)!.toFixed(2)} s), parallelism 2 ${fmt(two.at(-1)!)} ev/s (CPU ${cpuTwo.at(-1)!.toFixed(2)} s), two at parallelism 1 at once ${fmt(both.at(-1)!)} ev/s (load ${loadavg()[0]!.toFixed(1)})`,
    );
  }
  await pair.close();
  for (const out of outs) rmSync(out, { force: true });
  const ratio = median(two) / median(one);
  console.log(
    `(j) parallelism 2 vs 1: ${fmt(median(two))} vs ${fmt(median(one))} ev/s, ratio ${ratio.toFixed(2)} (goal ≥ 1.6 on 2 idle cores)${ratio >= 1.6 ? '' : '  BELOW GOAL'}; CPU ${median(cpuTwo).toFixed(2)} s vs ${median(cpuOne).toFixed(2)} s; two at parallelism 1 at once: ${(median(both) / median(one)).toFixed(2)} (what the two cores gave)`,
  );
}
