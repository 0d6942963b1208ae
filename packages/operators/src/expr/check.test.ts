import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkExpression,
  compileExpression,
  Expr,
  EXPRESSION_FUNCTION_DOCS,
  EXPRESSION_FUNCTIONS,
  ExpressionError,
  MAX_EXPRESSION_LENGTH,
  referencedFields,
} from './index.js';

const problemsOf = (text: string): string => checkExpression(text).join(' | ');

describe('checkExpression', () => {
  it('accepts the forms of spec §6', () => {
    for (const text of [
      'amount > 1000',
      'user.country == "FR" && !isNull(items[0])',
      '$["odd key"] + 1',
      "$['x'] ?? 1".replace(' ?? 1', ''),
      'a ? b : c',
      '-a * (b - c) / d % 2',
      'concat(lower(trim(name)), "-", toString(round(amount, 2)))',
      'contains(["a", "b"], kind)',
      'hour(ts) >= 9 && dayOfWeek(ts) <= 5 && now() - ts < 60000',
      'toString', // a field named like a function
      'new', // a field named like a keyword
      '$.process', // a field named like a host global, read through $
      '$',
    ]) {
      expect(checkExpression(text), text).toStrictEqual([]);
    }
  });

  it('names an unknown function, with the closest or the whole list', () => {
    expect(problemsOf('lowr(s)')).toContain('did you mean lower?');
    expect(problemsOf('Upper(s)')).toContain('did you mean upper?');
    expect(problemsOf('frobnicate(s)')).toMatch(/unknown function `frobnicate`.*abs, round/);
    expect(problemsOf('eval("1")')).toMatch(/unknown function `eval`/);
  });

  it('checks arity', () => {
    expect(problemsOf('abs()')).toBe('abs(x) takes 1 argument, not 0');
    expect(problemsOf('pow(1)')).toBe('pow(x, y) takes 2 arguments, not 1');
    expect(problemsOf('round(1, 2, 3)')).toBe('round(x, digits?) takes 1 to 2 arguments, not 3');
    expect(problemsOf('min()')).toBe('min(a, b, …) takes at least 1 argument, not 0');
    expect(problemsOf('now(1)')).toBe('now() takes 0 arguments, not 1');
    expect(checkExpression('max(1, 2, 3, 4, 5, 6)')).toStrictEqual([]);
  });

  it('gives hints for the JavaScript a writer may expect', () => {
    expect(problemsOf('a === 1')).toContain('write ==, which is already strict');
    expect(problemsOf('a !== 1')).toContain('write !=');
    expect(problemsOf('a ?? 1')).toContain('coalesce(a, b)');
    expect(problemsOf('a ** 2')).toContain('pow(x, y)');
    expect(problemsOf('+a')).toContain('toNumber(x)');
    expect(problemsOf('a | b')).toContain('did you mean ||?');
    expect(problemsOf('a.toString()')).toContain('write toString(x, …) instead of x.toString(…)');
    expect(problemsOf('a = 1')).toContain('assignment is not supported');
    expect(problemsOf('`a`')).toContain('template literals');
    expect(problemsOf('x => 1')).toContain('arrow functions');
    expect(problemsOf('s.match(/a/)')).toContain('regular expressions');
    expect(problemsOf('this.a')).toContain('`$` is the record');
    expect(problemsOf('new Date()')).toContain('`new` is not supported');
    expect(problemsOf('undefined')).toContain('null');
    expect(problemsOf('window')).toContain('$.window');
    expect(problemsOf('a?.b')).toContain('already gives null');
    expect(problemsOf('"\\u00e9"')).toContain('escape \\u');
  });

  it('reports every problem, not just the first', () => {
    expect(checkExpression('foo(a.constructor) + a ** 2')).toHaveLength(3);
  });

  it('refuses text that is too long or nested too deeply, without crashing', () => {
    expect(checkExpression('a'.repeat(MAX_EXPRESSION_LENGTH))).toStrictEqual([]);
    expect(problemsOf('a'.repeat(MAX_EXPRESSION_LENGTH + 1))).toContain('too long');
    expect(problemsOf('9'.repeat(400))).toMatch(/^number 9{20}… is too large$/);
    const nested = (n: number): string => `${'('.repeat(n)}1${')'.repeat(n)}`;
    expect(checkExpression(nested(64))).toStrictEqual([]);
    expect(problemsOf(nested(65))).toContain('nested too deeply');
    const calls = (n: number): string => `${'abs('.repeat(n)}1${')'.repeat(n)}`;
    expect(checkExpression(calls(64))).toStrictEqual([]);
    expect(problemsOf(calls(65))).toContain('nested too deeply');
    expect(problemsOf(`${'!'.repeat(1999)}a`)).toContain('nested too deeply');
    expect(problemsOf(`${'a?'.repeat(400)}1${':2'.repeat(400)}`)).toContain('nested too deeply');
    // A long flat chain is not deep: x == 1 || x == 2 || …
    const chain = Array.from({ length: 150 }, (_, i) => `x == ${i}`).join(' || ');
    expect(checkExpression(chain)).toStrictEqual([]);
    expect(compileExpression(chain)({ x: 149 })).toBe(true);
  });

  it('refuses a non-string without throwing', () => {
    expect(checkExpression(42 as unknown as string)).toStrictEqual([
      'an expression must be a string',
    ]);
  });
});

describe('compileExpression', () => {
  it('throws ExpressionError carrying the problems', () => {
    try {
      compileExpression('foo(1)');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      expect((e as ExpressionError).problems).toStrictEqual(checkExpression('foo(1)'));
      expect((e as ExpressionError).expression).toBe('foo(1)');
    }
  });

  it('folds constant sub-expressions once', () => {
    let calls = 0;
    const fn = compileExpression('a + 2 * 3 + now() * 0', { now: () => ++calls });
    expect(fn({ a: 1 })).toBe(7);
    expect(fn({ a: 1 })).toBe(7);
    expect(calls).toBe(2); // now() is never folded
    expect(compileExpression('true ? a : b')({ a: 1, b: 2 })).toBe(1);
    expect(compileExpression('false || a')({ a: 'x' })).toBe('x');
    expect(compileExpression('0 && a')({ a: 'x' })).toBe(0);
  });
});

describe('referencedFields', () => {
  it('lists top-level fields in order of first use', () => {
    expect(referencedFields('amount > 1000 && user.country == "FR" || amount < 0')).toStrictEqual([
      'amount',
      'user',
    ]);
    expect(referencedFields('$["odd key"] + $.b + $[0] + items[2].x')).toStrictEqual([
      'odd key',
      'b',
      '0',
      'items',
    ]);
    expect(referencedFields('lower(name) + concat(a, [b, c][0]) ? d : -e')).toStrictEqual([
      'name',
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(referencedFields('$ == 1 && now() > 0')).toStrictEqual([]);
    expect(referencedFields('foo(x)')).toStrictEqual([]);
  });
});

describe('Expr schema', () => {
  it('adds one issue per problem', () => {
    expect(Expr.safeParse('amount > 1').success).toBe(true);
    const bad = Expr.safeParse('foo(a.constructor)');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toStrictEqual(
      checkExpression('foo(a.constructor)'),
    );
    expect(Expr.safeParse(1).success).toBe(false);
  });

  it('marks the JSON Schema with format "expression"', () => {
    const schema = z.toJSONSchema(z.object({ expr: Expr })) as unknown as {
      properties: { expr: { type: string; format: string; description: string } };
    };
    expect(schema.properties.expr.type).toBe('string');
    expect(schema.properties.expr.format).toBe('expression');
    expect(schema.properties.expr.description).toContain('coalesce');
  });

  it('keeps format "expression" when an operator adds its own description', () => {
    const schema = z.toJSONSchema(
      z.object({ expr: Expr.meta({ description: 'Keeps records' }) }),
    ) as unknown as { properties: { expr: { format: string; description: string } } };
    expect(schema.properties.expr).toMatchObject({
      format: 'expression',
      description: 'Keeps records',
    });
  });
});

describe('function list', () => {
  it('is exactly the list of spec §6, documented', () => {
    expect([...EXPRESSION_FUNCTIONS].sort()).toStrictEqual(
      [
        'abs',
        'round',
        'floor',
        'ceil',
        'min',
        'max',
        'sqrt',
        'pow',
        'log',
        'exp',
        'lower',
        'upper',
        'len',
        'trim',
        'contains',
        'hasWord',
        'hasAnyWord',
        'startsWith',
        'endsWith',
        'substr',
        'concat',
        'coalesce',
        'isNull',
        'toNumber',
        'toString',
        'hour',
        'minute',
        'dayOfWeek',
        'now',
      ].sort(),
    );
    expect(EXPRESSION_FUNCTION_DOCS.map((d) => d.name)).toStrictEqual([...EXPRESSION_FUNCTIONS]);
    expect(Object.isFrozen(EXPRESSION_FUNCTIONS)).toBe(true);
  });
});
