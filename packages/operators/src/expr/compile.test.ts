/** The compiler on its own, as if the checker had been skipped: it still refuses. */
import jsep from 'jsep';
import { describe, expect, it } from 'vitest';
import { compileAst } from './compile.js';
import { ExpressionError } from './errors.js';

const compileUnchecked = (text: string) => compileAst(jsep(text), text);

describe('compileAst without the checker', () => {
  it.each([
    'a.constructor',
    'constructor',
    '$["__proto__"]',
    'a["prototype"]',
    'a.__defineGetter__',
    'a[b]',
    '$["con" + "structor"]',
    'items[-1]',
    'this',
    'this.x',
    'a.toString()',
    'eval("1")',
    'constructor.constructor("x")()',
    'a ** 2',
    'a === 1',
    '~a',
    '(a, b)',
    'a b',
    '[1, , 2]',
  ])('refuses %s', (text) => {
    expect(() => compileUnchecked(text)).toThrow(ExpressionError);
  });

  it('compiles what the checker would pass', () => {
    expect(compileUnchecked('a.b + 1')({ a: { b: 1 } })).toBe(2);
  });
});
