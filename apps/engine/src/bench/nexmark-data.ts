/** Nexmark's events as a JSON Lines file: what the example queries and `bench:nexmark` read. */
import { createWriteStream } from 'node:fs';
import { GeneratorParams, openStream } from '@rivulet/operators';

export interface NexmarkInput {
  events: number;
  seed?: number;
  /** Events per second of event time; Nexmark's default rate is 10,000. */
  ratePerSec?: number;
  /** Event time of the first event (ms); default 2026-01-01T00:00:00Z. */
  startTime?: number;
}

export const NEXMARK_RATE = 10_000;

/** The generator's events in order (the `nexmark` scenario of source.generator). */
export function* nexmarkEvents(input: NexmarkInput): Generator<Record<string, unknown>> {
  const params = GeneratorParams.parse({
    scenario: 'nexmark',
    seed: input.seed ?? 1,
    ratePerSec: input.ratePerSec ?? NEXMARK_RATE,
    startTime: input.startTime ?? Date.UTC(2026, 0, 1),
  });
  // openStream only reads the rate for the spacing of event time: nothing is paced here.
  const { stream } = openStream(params, 0);
  for (let i = 0; i < input.events; i++) yield stream.next();
}

/**
 * One line of the file: the event's own fields only. The other kinds' fields are null in the
 * generator's records; left out, the file is half as large, and both engines read a missing
 * field as null (Flink's json format with fail-on-missing-field off).
 */
export function nexmarkLine(event: Record<string, unknown>): string {
  const own: Record<string, unknown> = {};
  for (const field in event) if (event[field] !== null) own[field] = event[field];
  return JSON.stringify(own);
}

/** Writes the events to `path`; resolves to the number written. */
export async function writeNexmarkFile(path: string, input: NexmarkInput): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let chunk: string[] = [];
  let n = 0;
  const flush = async () => {
    if (!out.write(chunk.join(''))) await new Promise<void>((r) => out.once('drain', r));
    chunk = [];
  };
  for (const event of nexmarkEvents(input)) {
    chunk.push(nexmarkLine(event) + '\n');
    n++;
    if (chunk.length === 4096) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(resolve);
  });
  return n;
}
