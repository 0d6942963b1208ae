import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { compileExpression, evaluateExpression, isTruthy } from './index.js';

const MONDAY_13_45 = Date.UTC(2024, 0, 1, 13, 45, 30, 250);

const R: Rec = {
  amount: 1500,
  zero: 0,
  neg: -3.7,
  s: 'Hello',
  padded: '  hi  ',
  empty: '',
  t: true,
  f: false,
  n: null,
  user: { country: 'FR', tags: ['a', 'b'], deep: { x: { y: 5 } } },
  items: [10, 20, { x: 1 }],
  'odd key': 7,
  $: 'dollar',
  obj: { a: 1, b: [1, 2] },
  obj2: { b: [1, 2], a: 1 },
  ts: MONDAY_13_45,
  codes: { '200': 'ok' },
  toString: 'own field',
  num: '42.5',
  big: 1e308,
};

// [expression, expected] against R.
const CASES: [string, unknown][] = [
  // literals
  ['1', 1],
  ['1.5e3', 1500],
  ['.5', 0.5],
  ['"it\\"s"', 'it"s'],
  ['"a\\tb"', 'a\tb'],
  ["'single'", 'single'],
  ['true', true],
  ['false', false],
  ['null', null],
  ['[1, "a", null]', [1, 'a', null]],
  ['[]', []],
  // field references
  ['amount', 1500],
  ['missing', null],
  ['n', null],
  ['user.country', 'FR'],
  ['user.missing', null],
  ['user.deep.x.y', 5],
  ['user.deep.nope.y', null],
  ['amount.x', null],
  ['s.length', null],
  ['items[0]', 10],
  ['items[1]', 20],
  ['items[3]', null],
  ['items[2].x', 1],
  ['items.length', null],
  ['items["0"]', null],
  ['user.tags[1]', 'b'],
  ['$["odd key"]', 7],
  ["$['odd key']", 7],
  ['$.amount', 1500],
  ['$["$"]', 'dollar'],
  ['$[0]', null],
  ['codes[200]', 'ok'],
  ['codes["200"]', 'ok'],
  ['toString', 'own field'],
  ['valueOf', null],
  ['hasOwnProperty', null],
  ['$.process', null],
  ['[5, 6][1]', 6],
  ['coalesce(n, user).country', 'FR'],
  ['(t ? user : obj).country', 'FR'],
  // arithmetic
  ['1 + 2', 3],
  ['amount - 500', 1000],
  ['amount * 2', 3000],
  ['amount / 4', 375],
  ['7 % 3', 1],
  ['-7 % 3', -1],
  ['2 + 3 * 4', 14],
  ['(2 + 3) * 4', 20],
  ['1 / 0', null],
  ['amount / zero', null],
  ['5 % 0', null],
  ['0 / 0', null],
  ['big * 10', null],
  ['big + big', null],
  ['"a" + "b"', 'ab'],
  ['s + ", world"', 'Hello, world'],
  ['s + 1', null],
  ['1 + s', null],
  ['num + 1', null],
  ['missing + 1', null],
  ['n * 2', null],
  ['t + 1', null],
  ['items + 1', null],
  ['"3" * 2', null],
  ['-amount', -1500],
  ['-s', null],
  ['-n', null],
  ['--amount', 1500],
  // comparison
  ['amount > 1000', true],
  ['amount < 1000', false],
  ['amount >= 1500', true],
  ['amount <= 1499', false],
  ['1000 < amount', true],
  ['"a" < "b"', true],
  ['"b" <= "a"', false],
  ['s > "A"', true],
  ['s >= "Hello"', true],
  ['"B" < "a"', true],
  ['num > 1', false],
  ['num < 1', false],
  ['missing > 0', false],
  ['missing < 0', false],
  ['n <= 0', false],
  ['t > f', false],
  ['items > 1', false],
  ['zero < amount', true],
  ['amount > zero', true],
  ['s < amount', false],
  // equality
  ['amount == 1500', true],
  ['1500 == amount', true],
  ['amount != 1500', false],
  ['num == 42.5', false],
  ['num == "42.5"', true],
  ['zero == false', false],
  ['zero == null', false],
  ['empty == false', false],
  ['empty == ""', true],
  ['missing == null', true],
  ['n == null', true],
  ['n == missing', true],
  ['null == null', true],
  ['t == true', true],
  ['t == 1', false],
  ['1 == "1"', false],
  ['obj == obj2', true],
  ['obj == obj', true],
  ['obj != obj2', false],
  ['items == [10, 20, $["items"][2]]', true],
  ['[1, 2] == [1, 2]', true],
  ['[1, 2] == [2, 1]', false],
  ['[1] == 1', false],
  ['user.tags == ["a", "b"]', true],
  ['obj == "x"', false],
  ['0 == -0', true],
  // logic and truthiness
  ['!t', false],
  ['!f', true],
  ['!n', true],
  ['!zero', true],
  ['!empty', true],
  ['!s', false],
  ['!items', false],
  ['![]', false],
  ['!missing', true],
  ['t && amount', 1500],
  ['f && amount', false],
  ['zero && amount', 0],
  ['n || "anon"', 'anon'],
  ['empty || "anon"', 'anon'],
  ['s || "anon"', 'Hello'],
  ['f || zero', 0],
  ['t && f || t', true],
  ['amount > 1000 && user.country == "FR"', true],
  ['t ? "yes" : "no"', 'yes'],
  ['zero ? "yes" : "no"', 'no'],
  ['missing ? 1 : 2', 2],
  ['items ? 1 : 2', 1],
  ['f ? 1 : t ? 2 : 3', 2],
  // math functions
  ['abs(neg)', 3.7],
  ['abs(s)', null],
  ['round(2.5)', 3],
  ['round(-2.5)', -3],
  ['round(2.4)', 2],
  ['round(1.005, 2)', 1.01],
  ['round(neg, 1)', -3.7],
  ['round(1234.5678, 0)', 1235],
  ['round(1234.5678, 2)', 1234.57],
  ['round(-1.005, 2)', -1.01],
  ['round(2.675, 2)', 2.68],
  ['round(0.125, 2)', 0.13],
  ['round(1e300, 15)', 1e300],
  ['round(1.23e-7, 8)', 1.2e-7],
  ['round(-0.001, 2)', 0],
  ['round(1.5, 16)', null],
  ['round(1.5, -1)', null],
  ['round(1.5, 0.5)', null],
  ['round(1.5, "1")', null],
  ['round(s)', null],
  ['floor(neg)', -4],
  ['ceil(neg)', -3],
  ['floor(n)', null],
  ['min(3, 1, 2)', 1],
  ['max(3, 1, 2)', 3],
  ['min(amount)', 1500],
  ['max([4, 9, 2])', 9],
  ['min([])', null],
  ['max(1, "2")', null],
  ['max(1, n)', null],
  ['sqrt(16)', 4],
  ['sqrt(-1)', null],
  ['pow(2, 10)', 1024],
  ['pow(10, 400)', null],
  ['pow(2, s)', null],
  ['log(exp(2))', 2],
  ['log(0)', null],
  ['log(-1)', null],
  ['exp(1000)', null],
  ['exp(0)', 1],
  // string functions
  ['lower(s)', 'hello'],
  ['upper(s)', 'HELLO'],
  ['lower(amount)', null],
  ['len(s)', 5],
  ['len(items)', 3],
  ['len(empty)', 0],
  ['len(amount)', null],
  ['len(obj)', null],
  ['trim(padded)', 'hi'],
  ['trim(n)', null],
  ['contains(s, "ell")', true],
  ['contains(s, "xyz")', false],
  ['contains(s, 1)', null],
  ['contains(items, 20)', true],
  ['contains(items, "20")', false],
  ['contains(items, items[2])', true],
  ['contains(["a", "b"], user.country)', false],
  ['contains(["FR", "DE"], user.country)', true],
  ['contains(amount, 1)', null],
  ['hasWord(s, "hello")', true],
  ['hasWord(s, "ell")', false],
  ['hasWord(s, 1)', null],
  ['hasWord(amount, "x")', null],
  ['hasAnyWord(s, "bye", "HELLO")', true],
  ['hasAnyWord(s, "bye", "hell")', false],
  ['hasAnyWord(s, "bye", n)', null],
  ['startsWith(s, "He")', true],
  ['startsWith(s, "he")', false],
  ['endsWith(s, "lo")', true],
  ['endsWith(s, n)', null],
  ['substr(s, 1)', 'ello'],
  ['substr(s, 1, 3)', 'ell'],
  ['substr(s, -3)', 'llo'],
  ['substr(s, -3, 2)', 'll'],
  ['substr(s, 10)', ''],
  ['substr(s, 1, -1)', ''],
  ['substr(s, 1.9, 2.9)', 'el'],
  ['substr(s, "1")', null],
  ['substr(amount, 1)', null],
  ['concat(s, " ", amount, " ", t)', 'Hello 1500 true'],
  ['concat("a", n, missing, "b")', 'ab'],
  ['concat(obj)', '{"a":1,"b":[1,2]}'],
  ['concat(n)', ''],
  // null and conversion functions
  ['coalesce(n, missing, zero, 5)', 0],
  ['coalesce(n, missing)', null],
  ['coalesce(s)', 'Hello'],
  ['isNull(n)', true],
  ['isNull(missing)', true],
  ['isNull(zero)', false],
  ['isNull(empty)', false],
  ['toNumber(num)', 42.5],
  ['toNumber(" 1.5e3 ")', 1500],
  ['toNumber("-.5")', -0.5],
  ['toNumber("abc")', null],
  ['toNumber("")', null],
  ['toNumber("0x10")', null],
  ['toNumber("Infinity")', null],
  ['toNumber("1e400")', null],
  ['toNumber(amount)', 1500],
  ['toNumber(t)', 1],
  ['toNumber(f)', 0],
  ['toNumber(n)', null],
  ['toNumber(items)', null],
  ['toString(amount)', '1500'],
  ['toString(0.5)', '0.5'],
  ['toString(s)', 'Hello'],
  ['toString(t)', 'true'],
  ['toString(n)', null],
  ['toString(user.tags)', '["a","b"]'],
  ['toString(obj)', '{"a":1,"b":[1,2]}'],
  // time functions (UTC)
  ['hour(ts)', 13],
  ['minute(ts)', 45],
  ['dayOfWeek(ts)', 1],
  ['dayOfWeek(ts + 6 * 86400000)', 7],
  ['dayOfWeek(0)', 4],
  ['hour(-1)', 23],
  ['minute(-1)', 59],
  ['dayOfWeek(-1)', 3],
  ['hour(s)', null],
  ['hour(1e300)', null],
  ['hour(n)', null],
  // precedence and constants
  ['1 + 2 == 3 && !f', true],
  ['-(1 + 2)', -3],
  ['2 * -amount', -3000],
  ['len("abc") + 1', 4],
  ['f && missing.x', false],
];

describe('expression semantics (spec §6)', () => {
  it.each(CASES)('%s', (expr, expected) => {
    const fn = compileExpression(expr);
    expect(fn(R)).toStrictEqual(expected);
  });

  it('returns null, never undefined, for anything missing', () => {
    for (const [expr] of CASES) {
      expect(compileExpression(expr)(R)).not.toBe(undefined);
    }
  });

  it('reads now() from the clock given at compile time, on every call', () => {
    let clock = 1000;
    const fn = compileExpression('now() - 1000', { now: () => clock });
    expect(fn({})).toBe(0);
    clock = 5000;
    expect(fn({})).toBe(4000);
    expect(compileExpression('now()', { now: () => NaN })({})).toBe(null);
    const real = compileExpression('now()')({}) as number;
    expect(Math.abs(real - Date.now())).toBeLessThan(1000);
  });

  it('gives each record its own array literal', () => {
    const fn = compileExpression('[1, amount]');
    const a = fn({ amount: 1 }) as unknown[];
    a.push('mutated');
    expect(fn({ amount: 2 })).toStrictEqual([1, 2]);
  });

  it('evaluates coalesce lazily and short-circuits && || ?:', () => {
    // A division by zero would be null, not an error, so laziness is observed through now().
    let calls = 0;
    const now = () => ++calls;
    compileExpression('coalesce(1, now())', { now })({});
    compileExpression('f && now()', { now })({ f: false });
    compileExpression('t || now()', { now })({ t: true });
    compileExpression('t ? 1 : now()', { now })({ t: true });
    expect(calls).toBe(0);
    compileExpression('coalesce(n, now())', { now })({});
    expect(calls).toBe(1);
  });

  it('does not let a field named like a function shadow the function', () => {
    expect(evaluateExpression('len(len)', { len: 'abc' })).toBe(3);
  });

  it('truthiness', () => {
    for (const v of [null, undefined, false, 0, -0, '', NaN]) expect(isTruthy(v)).toBe(false);
    for (const v of [true, 1, -1, 'a', '0', 'false', [], {}]) expect(isTruthy(v)).toBe(true);
  });

  it('reads records without a prototype and with own __proto__ keys safely', () => {
    const bare = Object.create(null) as Rec;
    bare.x = 1;
    expect(evaluateExpression('x + 1', bare)).toBe(2);
    const tricky = JSON.parse('{"__proto__": {"x": 1}, "a": {"__proto__": {"y": 2}}}') as Rec;
    expect(evaluateExpression('x', tricky)).toBe(null);
    expect(evaluateExpression('a.y', tricky)).toBe(null);
  });

  it('compares deeply nested and cyclic values without throwing', () => {
    const nest = (depth: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { k: v };
      return v;
    };
    const fn = compileExpression('a == b');
    expect(fn({ a: nest(150), b: nest(150) })).toBe(true);
    expect(fn({ a: nest(150), b: nest(151) })).toBe(false);
    // Beyond the depth cap equality falls back to JSON text; past the stack it is false.
    expect(fn({ a: nest(300), b: nest(300) })).toBe(true);
    expect(typeof fn({ a: nest(50_000), b: nest(50_000) })).toBe('boolean');
    const cyclic: Rec = {};
    cyclic.self = cyclic;
    const other: Rec = {};
    other.self = other;
    expect(fn({ a: cyclic, b: { self: {} } })).toBe(false);
    expect(fn({ a: cyclic, b: other })).toBe(false); // cycles are not JSON: unequal, no hang
    expect(fn({ a: cyclic, b: cyclic })).toBe(true);
  });
});
