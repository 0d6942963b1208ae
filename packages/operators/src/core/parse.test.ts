import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_DEPTH } from './limits.js';
import { bestOf, LONG_NUMBERS } from './test-support/hostile.js';
import { csvValue, eventTimeOf, parseCsvLine, parseJsonLine, splitCsvLine } from './parse.js';

describe('source.file parsing', () => {
  it('reads JSON objects and refuses everything else with a reason', () => {
    expect(parseJsonLine('{"a":1}')).toEqual({ ok: true, record: { a: 1 } });
    expect(parseJsonLine('[1]')).toEqual({ ok: false, reason: 'not a JSON object (got an array)' });
    expect(parseJsonLine('3')).toEqual({ ok: false, reason: 'not a JSON object (got number)' });
    expect(parseJsonLine('null')).toEqual({ ok: false, reason: 'not a JSON object (got null)' });
    const bad = parseJsonLine('{"a":');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^not valid JSON \(/);
  });

  it('splits CSV with RFC 4180 quotes', () => {
    expect(splitCsvLine('a,b,c')).toEqual(['a', 'b', 'c']);
    expect(splitCsvLine('"a,1","b ""q""",')).toEqual(['a,1', 'b "q"', '']);
    expect(splitCsvLine('"open')).toBeNull();
    expect(splitCsvLine('"a"b')).toBeNull();
  });

  it('round-trips any cells through quoting', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string().filter((s) => !s.includes('\n')),
          { minLength: 1, maxLength: 6 },
        ),
        (cells) => {
          const line = cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');
          expect(splitCsvLine(line)).toEqual(cells);
        },
      ),
    );
  });

  it('turns numeric-looking cells into numbers, nothing else', () => {
    expect(csvValue('42')).toBe(42);
    expect(csvValue('-1.5')).toBe(-1.5);
    expect(csvValue('1e3')).toBe(1000);
    expect(csvValue('.5')).toBe(0.5);
    expect(csvValue('')).toBe('');
    expect(csvValue('12abc')).toBe('12abc');
    expect(csvValue('0x10')).toBe('0x10');
    expect(csvValue('Infinity')).toBe('Infinity');
    expect(csvValue('+1')).toBe('+1');
    expect(csvValue('1.')).toBe(1);
    expect(csvValue('1e')).toBe('1e');
    // Too large for a double: Infinity is no JSON value, so the text stays.
    expect(csvValue('1e400')).toBe('1e400');
    expect(csvValue('-1e400')).toBe('-1e400');
    expect(csvValue('1e-400')).toBe(0);
    expect(parseCsvLine('1,x', ['n', 's'])).toEqual({ ok: true, record: { n: 1, s: 'x' } });
  });

  it('reads event times in ms or ISO-8601, and says why not', () => {
    expect(eventTimeOf({ ts: 1500.7 }, 'ts')).toBe(1500);
    expect(eventTimeOf({ ts: '2026-01-01T00:00:01Z' }, 'ts')).toBe(Date.UTC(2026, 0, 1, 0, 0, 1));
    expect(eventTimeOf({ ts: '2026-01-01T01:00:00+01:00' }, 'ts')).toBe(Date.UTC(2026, 0, 1));
    expect(eventTimeOf({}, 'ts')).toBe('event time field "ts" is missing');
    expect(eventTimeOf({ ts: null }, 'ts')).toBe('event time field "ts" is missing');
    expect(eventTimeOf({ ts: '12' }, 'ts')).toMatch(/neither ms since epoch nor ISO-8601/);
    expect(eventTimeOf({ ts: true }, 'ts')).toMatch(/neither/);
    expect(eventTimeOf({ ts: '2026-13-45T00:00:00Z' }, 'ts')).toMatch(/neither/);
    expect(eventTimeOf(JSON.parse('{"__proto__": 5}'), '__proto__')).toBe(5);
  });

  it.each(LONG_NUMBERS)('reads a CSV cell of $name in linear time', ({ text, value }) => {
    const expected = value === null ? text : value;
    expect(csvValue(text)).toBe(text.startsWith('1e-') ? 0 : expected);
    expect(bestOf(() => csvValue(text))).toBeLessThan(500);
    const line = `a,${text},"${text}"`;
    expect(bestOf(() => parseCsvLine(line, ['x', 'y', 'z']))).toBeLessThan(500);
  });

  it('reads an ISO-8601 event time with a long fraction in linear time', () => {
    const long = `2026-01-01T00:00:00.${'7'.repeat(100_000)}`;
    for (const ts of [long, `${long}x`, `${long}+01:0`]) {
      expect(bestOf(() => eventTimeOf({ ts }, 'ts'))).toBeLessThan(500);
    }
  });

  it('refuses a record nested deeper than MAX_RECORD_DEPTH, which JSON.stringify could not write', () => {
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    // The hazard: V8 parses it, but writing it back overflows the stack.
    expect(() => JSON.stringify(JSON.parse(deep))).toThrow(RangeError);
    let result: ReturnType<typeof parseJsonLine> | undefined;
    expect(bestOf(() => (result = parseJsonLine(deep)))).toBeLessThan(500);
    expect(result).toEqual({
      ok: false,
      reason: 'nested deeper than 64 levels of objects and arrays (MAX_RECORD_DEPTH)',
    });
  });

  it('takes records exactly MAX_RECORD_DEPTH deep, and brackets inside strings or side by side', () => {
    expect(MAX_RECORD_DEPTH).toBe(64);
    const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;
    expect(parseJsonLine(nested(64)).ok).toBe(true);
    expect(parseJsonLine(nested(65)).ok).toBe(false);
    expect(parseJsonLine(`{"s":"${'['.repeat(1000)}{"}`).ok).toBe(true);
    const wide = JSON.stringify({ points: Array.from({ length: 500 }, (_, i) => ({ x: i })) });
    expect(parseJsonLine(wide).ok).toBe(true);
  });

  it('refuses a record exactly when it is deeper than the cap (against a recursive depth)', () => {
    const depthOf = (v: unknown): number =>
      typeof v !== 'object' || v === null
        ? 0
        : 1 + Math.max(0, ...Object.values(v as object).map(depthOf));
    // Chains of arrays and objects around 64 deep, with shallow siblings.
    const leaf = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null));
    const shape = fc.tuple(
      fc.integer({ min: 1, max: 80 }),
      fc.array(fc.tuple(fc.boolean(), fc.array(leaf, { maxLength: 2 })), {
        minLength: 80,
        maxLength: 80,
      }),
    );
    fc.assert(
      fc.property(shape, ([depth, levels]) => {
        let value: unknown = 1;
        for (let i = 0; i < depth - 1; i++) {
          const [asObject, siblings] = levels[i]!;
          value = asObject ? { v: value, s: siblings } : [...siblings, value];
        }
        const line = JSON.stringify({ v: value });
        const record = JSON.parse(line) as unknown;
        expect(parseJsonLine(line).ok).toBe(depthOf(record) <= MAX_RECORD_DEPTH);
      }),
      { numRuns: 300 },
    );
  });
});
