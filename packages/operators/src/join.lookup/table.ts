/**
 * The lookup table: read once from a JSONL or CSV file (rows parsed exactly as source.file
 * parses lines), kept in memory by key text. Each row is stored ready to be added to a record:
 * its field names (prefixed, without the key field) and values; rows of one shape share their
 * names array.
 */

import type { OperatorContext, Rec } from '../core/runtime.js';
import { parseCsvLine, parseJsonLine, splitCsvLine, type LineResult } from '../core/parse.js';

export interface Row {
  names: readonly string[];
  values: unknown[];
}

export interface TableOptions {
  path: string;
  format: 'jsonl' | 'csv';
  key: string;
  prefix: string;
  /** Keys the table may hold; beyond, loading fails. */
  maxRows: number;
}

/** Text kept of a bad line in its dead letter. */
const MAX_KEPT_LINE = 1000;

/**
 * The text a key value is looked up by: keys compare as text, so the number 42 of a CSV cell
 * and the string "42" of a JSON record match. Null, objects and arrays are no key.
 */
export function keyText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return String(value);
  return null;
}

export class TableTooLarge extends Error {}

/**
 * Reads the table into `rows`. Bad lines are dead letters with their line numbers; a table
 * with more than `maxRows` keys, an unreadable CSV header or a read error rejects. Stops early
 * (between chunks) once `stopped()` says so.
 */
export async function loadTable(
  ctx: OperatorContext,
  options: TableOptions,
  rows: Map<string, Row>,
  stopped: () => boolean,
): Promise<void> {
  const { path, format, key, prefix, maxRows } = options;
  let header: string[] | null = format === 'csv' ? null : [];
  let lineNo = 0;
  const shapes = new Map<string, string[]>();

  const namesOf = (fields: readonly string[]): string[] => {
    const signature = fields.join('\u0000');
    let names = shapes.get(signature);
    if (names === undefined) {
      names = fields.map((f) => prefix + f);
      shapes.set(signature, names);
    }
    return names;
  };
  const reject = (line: string, reason: string) =>
    ctx.deadLetter(
      { line: lineNo, text: line.slice(0, MAX_KEPT_LINE) },
      `lookup table line ${lineNo}: ${reason}`,
    );

  for await (const chunk of ctx.io.readLines(path)) {
    if (stopped()) return;
    for (const line of chunk) {
      lineNo++;
      if (line.trim() === '') continue;
      if (header === null) {
        header = splitCsvLine(line.endsWith('\r') ? line.slice(0, -1) : line);
        if (header === null || header.length === 0) {
          throw new Error(`the CSV header row of the lookup table "${path}" is malformed`);
        }
        if (!header.includes(key)) {
          throw new Error(`the lookup table "${path}" has no column "${key}" (the key)`);
        }
        continue;
      }
      const parsed: LineResult =
        format === 'csv' ? parseCsvLine(line, header) : parseJsonLine(line);
      if (!parsed.ok) {
        reject(line, parsed.reason);
        continue;
      }
      const record: Rec = parsed.record;
      const id = keyText(Object.hasOwn(record, key) ? record[key] : undefined);
      if (id === null) {
        reject(line, `key field "${key}" is missing or not a string, number or boolean`);
        continue;
      }
      const fields: string[] = [];
      const values: unknown[] = [];
      for (const name in record) {
        if (name !== key && Object.hasOwn(record, name)) {
          fields.push(name);
          values.push(record[name]);
        }
      }
      if (!rows.has(id) && rows.size >= maxRows) {
        throw new TableTooLarge(
          `the lookup table "${path}" has more than ${maxRows} keys (line ${lineNo}); the table is held in memory: use a smaller one`,
        );
      }
      // A later row with the same key replaces the earlier one.
      rows.set(id, { names: namesOf(fields), values });
    }
  }
}
