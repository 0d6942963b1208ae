/**
 * The fields a source's records carry and their types, read from its input: Flink SQL declares
 * every column with one type, so a field that holds numbers on one line and text on another,
 * or nested objects, cannot be declared faithfully and is a problem named by field.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Kind } from './expr.js';

/** Lines read at most; a larger input is declared from its beginning (the script says so). */
export const SAMPLE_LINES = 200_000;

export interface Sampled {
  /** Each top-level field in order of first appearance, with its type (`null`: only nulls). */
  fields: Map<string, Kind>;
  /** The number fields whose every value read is a whole number. */
  integers: Set<string>;
  lines: number;
  /** Whether the input has more lines than were read. */
  truncated: boolean;
  problems: string[];
}

type Seen = Kind | 'object' | 'mixed';

function kindOf(value: unknown): Seen {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/**
 * Reads a JSON-lines file. `timeField`, when given, must be a whole number of ms on every line:
 * Rivulet makes other lines dead letters, while Flink would fail the job on them.
 */
export async function sampleJsonLines(path: string, timeField?: string): Promise<Sampled> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    return await sampleLines(reader, timeField);
  } finally {
    reader.close();
    input.destroy();
  }
}

/** Learns the fields of JSON objects, one per line or message (as sampleJsonLines). */
export async function sampleLines(
  source: AsyncIterable<string> | Iterable<string>,
  timeField?: string,
  unit: 'line' | 'message' = 'line',
): Promise<Sampled> {
  const seen = new Map<string, Seen>();
  const fractional = new Set<string>();
  const problems: string[] = [];
  const badLines: number[] = [];
  const badTimes: number[] = [];
  let lines = 0;
  let truncated = false;
  for await (const line of source) {
    if (lines === SAMPLE_LINES) {
      truncated = true;
      break;
    }
    lines++;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      badLines.push(lines);
      continue;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      badLines.push(lines);
      continue;
    }
    for (const [name, value] of Object.entries(record)) {
      const kind = kindOf(value);
      if (kind === 'number' && !Number.isInteger(value)) fractional.add(name);
      const before = seen.get(name);
      if (before === undefined || before === 'null') seen.set(name, kind);
      else if (kind !== 'null' && kind !== before) seen.set(name, 'mixed');
    }
    if (timeField !== undefined) {
      const t = (record as Record<string, unknown>)[timeField];
      if (typeof t !== 'number' || !Number.isSafeInteger(t)) badTimes.push(lines);
    }
  }
  const some = (list: number[]) =>
    `${unit}${list.length === 1 ? '' : 's'} ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`;
  if (badLines.length > 0) {
    problems.push(
      `${some(badLines)} ${badLines.length === 1 ? 'is not a JSON object' : 'are not JSON objects'}: Rivulet counts them as dead letters, Flink would fail the job`,
    );
  }
  if (badTimes.length > 0) {
    problems.push(
      `${some(badTimes)} ${badTimes.length === 1 ? 'has' : 'have'} no event time in "${timeField}" as whole milliseconds (the export reads only numbers of ms): Rivulet counts them as dead letters, Flink would fail the job`,
    );
  }
  const fields = new Map<string, Kind>();
  for (const [name, kind] of seen) {
    if (kind === 'mixed') {
      problems.push(
        `field "${name}" holds values of different types: Flink SQL declares one type per column`,
      );
    } else if (kind === 'object') {
      problems.push(
        `field "${name}" holds objects or arrays: the export supports flat records (numbers, text, booleans)`,
      );
    } else fields.set(name, kind);
  }
  const integers = new Set(
    [...fields]
      .filter(([name, kind]) => kind === 'number' && !fractional.has(name))
      .map(([n]) => n),
  );
  return { fields, integers, lines, truncated, problems };
}
