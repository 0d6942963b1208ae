import { isDecimal } from './decimal.js';
import { hasMoreOpenersThan, isDeeperThan, MAX_RECORD_DEPTH } from './limits.js';
import type { Rec } from './runtime.js';

/** Why a line is not a record, or the record. */
export type LineResult = { ok: true; record: Rec } | { ok: false; reason: string };

const TOO_DEEP = `nested deeper than ${MAX_RECORD_DEPTH} levels of objects and arrays (MAX_RECORD_DEPTH)`;

/**
 * One JSON Lines line as a record: a JSON object nested at most MAX_RECORD_DEPTH deep. The
 * depth is walked only for a line with more opening brackets than that (rare), so that the
 * usual line costs a few `indexOf` calls beyond JSON.parse.
 */
export function parseJsonLine(line: string): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      reason: `not a JSON object (got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value})`,
    };
  }
  if (hasMoreOpenersThan(line, MAX_RECORD_DEPTH) && isDeeperThan(value, MAX_RECORD_DEPTH)) {
    return { ok: false, reason: TOO_DEEP };
  }
  return { ok: true, record: value as Rec };
}

/**
 * Splits one CSV line (RFC 4180 quoting: "a ""quoted"" cell", commas inside quotes). A quoted
 * cell spanning several lines is not supported: such a line is reported as malformed.
 */
export function splitCsvLine(line: string): string[] | null {
  const cells: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null; // unterminated quote
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cells.push(cell);
      if (i === n) return cells;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        cells.push(line.slice(i));
        return cells;
      }
      cells.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/**
 * A CSV cell as a record value: numeric-looking text (`-1.5`, `.5`, `1e3`; no `+`, no spaces)
 * becomes a number (spec §4), read in linear time (core/decimal.ts). Text too large for a
 * double (`1e400`, 400 digits) stays text: a record holds JSON values, and Infinity is none.
 */
export function csvValue(cell: string): unknown {
  if (!isDecimal(cell, false)) return cell;
  const n = Number(cell);
  return Number.isFinite(n) ? n : cell;
}

export function parseCsvLine(line: string, header: readonly string[]): LineResult {
  const cells = splitCsvLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (cells === null) return { ok: false, reason: 'malformed CSV (unbalanced quotes)' };
  if (cells.length !== header.length) {
    return { ok: false, reason: `expected ${header.length} CSV cells, got ${cells.length}` };
  }
  const record: Rec = {};
  for (let i = 0; i < header.length; i++) record[header[i]!] = csvValue(cells[i]!);
  return { ok: true, record };
}

const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Event time in ms from a number (ms) or ISO-8601 text, or a reason why not. */
export function eventTimeOf(record: Rec, field: string): number | string {
  const value = Object.hasOwn(record, field) ? record[field] : undefined;
  if (value === undefined || value === null) return `event time field "${field}" is missing`;
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? Math.floor(value)
      : `event time field "${field}" is not a finite number`;
  }
  if (typeof value === 'string' && ISO_8601.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  return `event time field "${field}" is neither ms since epoch nor ISO-8601 text: ${JSON.stringify(value).slice(0, 80)}`;
}
