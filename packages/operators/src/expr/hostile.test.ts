/**
 * Text meant to escape the language. Each must be refused by the checker and by the compiler,
 * and — proven with canaries on the very objects a payload would have to touch — none runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { checkExpression, compileExpression, ExpressionError } from './index.js';

const HOSTILE = [
  // constructor chains
  'constructor.constructor("globalThis.__rivuletPwned = true")()',
  'a.constructor.constructor("globalThis.__rivuletPwned = true")()',
  'a.constructor',
  'constructor',
  '$.constructor',
  '$["constructor"]',
  "$['constructor']",
  '[].constructor',
  '"".constructor',
  '(1).constructor',
  'len.constructor',
  'abs["constructor"]',
  'coalesce(a).constructor',
  'constructor("x")',
  '$$.constructor',
  '$.$.constructor',
  // __proto__ and prototype
  "$['__proto__']",
  '$["__proto__"]',
  '$.__proto__',
  '__proto__',
  'items.__proto__.polluted',
  '[1][0]["__proto__"]',
  "'a'.__proto__",
  'prototype',
  'a.prototype',
  '$["prototype"]',
  'Object.prototype',
  // other dunder names
  '$["__defineGetter__"]',
  'a.__lookupGetter__',
  '__defineSetter__("x", 1)',
  // computed names that spell them
  '$["con" + "structor"]',
  '$[toString(x)]',
  '$[concat("__pro", "to__")]',
  '$[x]',
  'items[i]',
  'items[1 + 1]',
  'items[-1]',
  'items[0.5]',
  '$[t ? "constructor" : "a"]',
  '$["\\u0063onstructor"]',
  // calls outside the list
  'eval("1")',
  'Function("x")',
  "require('fs')",
  'process.exit()',
  'a.toString()',
  '"x".toString()',
  '(a).toString()',
  'toString.call(1)',
  'abs.call(null, 1)',
  'abs.apply(null, [1])',
  'Reflect.get($, "x")',
  'import("fs")',
  'f()()',
  'len(a)(b)',
  'setTimeout("1", 0)',
  'fetch("http://x")',
  'alert(1)',
  // globals
  'globalThis.x',
  'globalThis',
  'window.alert(1)',
  'process',
  'undefined',
  'NaN',
  // this and new
  'this',
  'this.constructor',
  'new X()',
  'new Function("x")',
  'new Date()',
  // regex literals
  '/abc/',
  'x.match(/a/)',
  '/a/.test(s)',
  // assignment and update
  'a = 1',
  'a += 1',
  'a.b = 1',
  '$["__proto__"].polluted = 1',
  'a++',
  // template literals
  '`x`',
  '`${globalThis.__rivuletPwned = true}`',
  // arrow and function literals
  'x => x',
  '(x) => x',
  '() => 1',
  'function(){}',
  // sequences and compounds
  'a, b',
  '(a, b)',
  'a; b',
  'a b',
  // operators outside the list
  'typeof a',
  'void 0',
  'delete a.b',
  'a in b',
  'a instanceof b',
  'a ?? b',
  'a ** 2',
  'a === 1',
  'a !== 1',
  '+a',
  '~a',
  'a | 1',
  'a & 1',
  'a << 1',
  'a?.b',
  '{a: 1}',
  '[1, , 2]',
  // limits and odd literals
  '1e999',
  `${'('.repeat(100)}1${')'.repeat(100)}`,
  `${'-'.repeat(3000)}1`,
  `a${' + a'.repeat(700)}`,
  '',
  '   ',
];

const RECORD: Rec = { a: 1, x: 'constructor', i: 0, t: true, items: [1, 2], s: 'abc' };

describe('hostile expressions are refused', () => {
  it.each(HOSTILE)('%s', (text) => {
    const problems = checkExpression(text);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/\S/);
    expect(() => compileExpression(text)).toThrow(ExpressionError);
  });
});

// A canary: an accessor that counts reads and writes, with the original behaviour kept.
type Restore = () => void;

function spyAccessor(target: object, key: string, hits: { n: number }): Restore {
  const original = Object.getOwnPropertyDescriptor(target, key);
  if (original === undefined) {
    Object.defineProperty(target, key, {
      configurable: true,
      get() {
        hits.n++;
        return undefined;
      },
      set() {
        hits.n++;
      },
    });
    return () => {
      delete (target as Record<string, unknown>)[key];
    };
  }
  Object.defineProperty(target, key, {
    configurable: true,
    get(this: unknown) {
      hits.n++;
      return original.get ? original.get.call(this) : original.value;
    },
    set(this: unknown, v: unknown) {
      hits.n++;
      original.set?.call(this, v);
    },
  });
  return () => Object.defineProperty(target, key, original);
}

describe('no hostile expression runs', () => {
  const restores: Restore[] = [];
  afterEach(() => {
    while (restores.length > 0) restores.pop()?.();
    delete (globalThis as Record<string, unknown>).__rivuletPwned;
  });

  it('never touches constructor, __proto__, eval or Function, and pollutes nothing', () => {
    const g = globalThis as Record<string, unknown>;
    const protoKeys = Reflect.ownKeys(Object.prototype);
    const hits = { n: 0 };
    const evalCalls = { n: 0 };
    let outcomes: { text: string; refused: boolean; threw: boolean }[] = [];

    const realEval = g.eval;
    const realFunction = g.Function;
    try {
      restores.push(spyAccessor(Object.prototype, 'constructor', hits));
      restores.push(spyAccessor(Function.prototype, 'constructor', hits));
      restores.push(spyAccessor(Object.prototype, '__proto__', hits));
      restores.push(spyAccessor(Object.prototype, 'canary', hits));
      restores.push(spyAccessor(Object.prototype, '__defineGetter__', hits));
      g.eval = () => {
        evalCalls.n++;
      };
      g.Function = function spyFunction() {
        evalCalls.n++;
      };

      outcomes = HOSTILE.map((text) => {
        const refused = checkExpression(text).length > 0;
        let threw = false;
        try {
          const fn = compileExpression(text);
          fn(RECORD); // only reached if compile failed to refuse, which the assertions catch
        } catch {
          threw = true;
        }
        return { text, refused, threw };
      });
    } finally {
      g.eval = realEval;
      g.Function = realFunction;
      while (restores.length > 0) restores.pop()?.();
    }

    expect(outcomes.filter((o) => !o.refused || !o.threw)).toStrictEqual([]);
    expect(hits.n).toBe(0);
    expect(evalCalls.n).toBe(0);
    expect(g.__rivuletPwned).toBeUndefined();
    expect(Reflect.ownKeys(Object.prototype)).toStrictEqual(protoKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('field reads never reach a prototype', () => {
  it('reads own properties only, even where a prototype holds the name', () => {
    const texts = [
      'canary',
      'a.canary',
      '$.canary',
      '$["canary"]',
      'items[0]',
      'holes[0]',
      'items[0].canary',
      'coalesce(a).canary',
      'a.b.canary',
      'a == $',
      'toString(a)',
      'contains(holes, null)',
    ];
    const fns = texts.map((t) => compileExpression(t));
    const record = JSON.parse(
      '{"__proto__": {"canary": 1}, "a": {"__proto__": {"canary": 2}}, "items": [], "holes": [null]}',
    ) as Rec;
    delete (record.holes as unknown[])[0];
    const hits = { n: 0 };
    const restores = [
      spyAccessor(Object.prototype, 'canary', hits),
      spyAccessor(Array.prototype, '0', hits),
      spyAccessor(Object.prototype, 'b', hits),
    ];
    let results: unknown[];
    try {
      results = fns.map((fn) => fn(record));
    } finally {
      for (const r of restores.reverse()) r();
    }
    expect(hits.n).toBe(0);
    expect(results).toStrictEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      false,
      '{"__proto__":{"canary":2}}',
      true,
    ]);
  });
});
