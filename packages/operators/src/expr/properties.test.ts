import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { checkExpression, compileExpression, ExpressionError, isTruthy } from './index.js';

const finiteNumber = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .map((x) => (x === 0 ? 0 : x)); // no -0: a literal cannot spell it
const json = fc.jsonValue();
const FIELDS = ['a', 'b', 'c', 's', 'items', 'user'];

/** A record whose fields are those the generated expressions name, with any JSON values. */
const record: fc.Arbitrary<Rec> = fc.dictionary(fc.constantFrom(...FIELDS, 'x', 'odd key'), json);

/** Text of a valid expression: the grammar of spec §6 over the fields above. */
const validExpression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => {
  const e = tie('e');
  const literal = fc.oneof(
    finiteNumber.map((n) => `(${String(n)})`),
    fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s).replace(/\\u[0-9a-f]{4}/g, '')),
    fc.constantFrom('true', 'false', 'null'),
  );
  const field = fc.oneof(
    fc.constantFrom(...FIELDS),
    fc.constantFrom('user.name', 'items[0]', 'items[1].x', '$["odd key"]', '$', 'user.tags[2]'),
  );
  const call = (name: string, arity: number): fc.Arbitrary<string> =>
    fc
      .array(e, { minLength: arity, maxLength: arity })
      .map((args) => `${name}(${args.join(', ')})`);
  return {
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      literal,
      field,
      fc
        .tuple(
          e,
          fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||'),
          e,
        )
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
      fc.tuple(fc.constantFrom('-', '!'), e).map(([op, x]) => `${op}(${x})`),
      fc.tuple(e, e, e).map(([t, y, z]) => `(${t} ? ${y} : ${z})`),
      fc.array(e, { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
      fc.oneof(
        ...['abs', 'floor', 'ceil', 'sqrt', 'log', 'exp', 'lower', 'upper', 'len', 'trim']
          .concat(['isNull', 'toNumber', 'toString', 'hour', 'minute', 'dayOfWeek'])
          .map((f) => call(f, 1)),
        ...['pow', 'contains', 'hasWord', 'startsWith', 'endsWith', 'substr', 'round'].map((f) =>
          call(f, 2),
        ),
        call('hasAnyWord', 3),
        call('substr', 3),
        ...['min', 'max', 'concat', 'coalesce'].map((f) => call(f, 3)),
        fc.constant('now()'),
      ),
    ),
  };
}).e;

const isJson = (v: unknown): boolean => {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  if (typeof v === 'object') return Object.values(v).every(isJson);
  return false;
};

describe('properties', () => {
  it('arithmetic on numbers is JavaScript’s where finite, else null', () => {
    fc.assert(
      fc.property(
        finiteNumber,
        finiteNumber,
        fc.constantFrom('+', '-', '*', '/', '%'),
        (a, b, op) => {
          const js = { '+': a + b, '-': a - b, '*': a * b, '/': a / b, '%': a % b }[op];
          const expected =
            (op === '/' || op === '%') && b === 0 ? null : Number.isFinite(js) ? js : null;
          expect(compileExpression(`a ${op} b`)({ a, b })).toBe(expected);
          // The same with literals, which the compiler folds to a constant.
          expect(compileExpression(`(${String(a)}) ${op} (${String(b)})`)({})).toBe(expected);
        },
      ),
    );
  });

  it('arithmetic on anything but two numbers is null (and + on two strings joins)', () => {
    fc.assert(
      fc.property(json, json, fc.constantFrom('+', '-', '*', '/', '%'), (a, b, op) => {
        fc.pre(typeof a !== 'number' || typeof b !== 'number');
        const out = compileExpression(`a ${op} b`)({ a, b });
        if (op === '+' && typeof a === 'string' && typeof b === 'string') expect(out).toBe(a + b);
        else expect(out).toBe(null);
      }),
    );
  });

  it('orders two numbers or two strings as JavaScript does, and nothing else', () => {
    fc.assert(
      fc.property(json, json, fc.constantFrom('<', '<=', '>', '>='), (a, b, op) => {
        const comparable =
          (typeof a === 'number' && typeof b === 'number') ||
          (typeof a === 'string' && typeof b === 'string');
        const out = compileExpression(`a ${op} b`)({ a, b });
        if (!comparable) {
          expect(out).toBe(false); // where JavaScript would coerce (or throw)
          return;
        }
        const x = a as number;
        const y = b as number;
        expect(out).toBe({ '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y }[op]);
      }),
    );
  });

  it('== is reflexive and symmetric on JSON values, and never coerces', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const copy = JSON.parse(JSON.stringify(a)) as unknown;
        expect(compileExpression('a == a')({ a })).toBe(true);
        expect(compileExpression('a == b')({ a, b: copy })).toBe(true);
        expect(compileExpression('a != b')({ a, b: copy })).toBe(false);
        const ab = compileExpression('a == b')({ a, b });
        expect(compileExpression('b == a')({ a, b })).toBe(ab);
        if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) expect(ab).toBe(false);
        if (a === null || typeof a !== 'object') expect(ab).toBe(a === b);
      }),
    );
  });

  it('!, ?: and && || follow truthiness', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const r = { a, b };
        expect(compileExpression('!a')(r)).toBe(!isTruthy(a));
        expect(compileExpression('a ? 1 : 2')(r)).toBe(isTruthy(a) ? 1 : 2);
        expect(compileExpression('a && b')(r)).toBe(isTruthy(a) ? b : a);
        expect(compileExpression('a || b')(r)).toBe(isTruthy(a) ? a : b);
      }),
    );
  });

  it('hour, minute and dayOfWeek agree with Date in UTC', () => {
    const hour = compileExpression('hour(t)');
    const minute = compileExpression('minute(t)');
    const day = compileExpression('dayOfWeek(t)');
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (t) => {
        const d = new Date(t);
        expect(hour({ t })).toBe(d.getUTCHours());
        expect(minute({ t })).toBe(d.getUTCMinutes());
        expect(day({ t })).toBe(((d.getUTCDay() + 6) % 7) + 1);
      }),
    );
  });

  it('valid expressions never throw and return JSON values, on any JSON record', () => {
    fc.assert(
      fc.property(validExpression, record, (text, rec) => {
        expect(checkExpression(text)).toStrictEqual([]);
        const fn = compileExpression(text, { now: () => 1_700_000_000_000 });
        const out = fn(rec);
        expect(isJson(out)).toBe(true);
        expect(fn(rec)).toStrictEqual(out); // deterministic, and the record is left alone
      }),
      { numRuns: 500 },
    );
  });

  it('checkExpression never throws on arbitrary text; compile throws only ExpressionError', () => {
    // prettier-ignore
    const tokens = fc.constantFrom(
      'a', '$', '.', '[', ']', '(', ')', '"x"', "'", '1', '0.5', '+', '-', '*', '/', '%', '==',
      '!', '&&', '||', '?', ':', ',', ';', '=', '=>', '`', '{', '}', 'new', 'this', 'constructor',
      '__proto__', 'abs', 'concat', ' ', '\\', 'e9',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(tokens).map((t) => t.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        const problems = checkExpression(t);
        expect(Array.isArray(problems)).toBe(true);
        try {
          const fn = compileExpression(t);
          expect(problems).toStrictEqual([]);
          expect(isJson(fn({ a: 1, constructor: 2 }))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ExpressionError);
          expect(problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
