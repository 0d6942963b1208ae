/**
 * Checked AST → one tree of closures, built once. Every closure returns a JSON value (null for
 * anything missing or undefined) and throws on a JSON record only an ExpressionLimitError, when
 * a string it builds would pass MAX_STRING_LENGTH (limits.ts). Field reads go through
 * own properties of objects and arrays only, so even a tree that skipped the checker could not
 * reach a prototype; the compiler also re-asserts the checker's rules and throws on a breach.
 */
import type jsep from 'jsep';
import type { Rec } from '../core/runtime.js';
import { isForbiddenName, RECORD_NAME } from './check.js';
import { ExpressionError, ExpressionLimitError } from './errors.js';
import { FUNCTIONS } from './functions.js';
import { MAX_STRING_LENGTH, textTooLong } from './limits.js';
import type { Ast } from './parse.js';
import { finite, jsonEquals, readIndex, readKey } from './values.js';

export type CompiledExpr = (record: Rec) => unknown;

export interface CompileOptions {
  /** The clock `now()` reads; `Date.now` by default (tests pin it). */
  now?: () => number;
}

/** `pure`: reads neither the record nor the clock, so it can be evaluated once, here. */
interface Part {
  readonly fn: CompiledExpr;
  readonly pure: boolean;
  readonly isConst: boolean;
  readonly value: unknown;
}

type Step = string | number;

const EMPTY: Rec = Object.freeze({});

export function compileAst(ast: Ast, source: string, options: CompileOptions = {}): CompiledExpr {
  const clock = options.now ?? Date.now;
  const breach = (what: string): never => {
    throw new ExpressionError(source, [what]);
  };

  const compile = (n: Ast): Part => {
    switch (n.type) {
      case 'Literal': {
        const v = (n as jsep.Literal).value;
        if (typeof v === 'number' ? !Number.isFinite(v) : typeof v === 'object' && v !== null) {
          breach('unsupported literal');
        }
        return constant(v);
      }
      case 'Identifier':
      case 'MemberExpression':
        return access(n);
      case 'BinaryExpression':
        return binary(n as jsep.BinaryExpression);
      case 'UnaryExpression': {
        const u = n as jsep.UnaryExpression;
        const arg = compile(u.argument);
        const a = arg.fn;
        if (u.operator === '!') return fold(dynamic((r) => !a(r), arg.pure));
        if (u.operator === '-') {
          return fold(
            dynamic((r) => {
              const x = a(r);
              return typeof x === 'number' ? -x : null;
            }, arg.pure),
          );
        }
        return breach(`unary operator ${u.operator}`);
      }
      case 'ConditionalExpression': {
        const c = n as jsep.ConditionalExpression;
        const t = compile(c.test);
        const y = compile(c.consequent);
        const z = compile(c.alternate);
        if (t.isConst) return t.value ? y : z;
        const [tf, yf, zf] = [t.fn, y.fn, z.fn];
        return fold(dynamic((r) => (tf(r) ? yf(r) : zf(r)), t.pure && y.pure && z.pure));
      }
      case 'CallExpression':
        return callFunction(n as jsep.CallExpression);
      case 'ArrayExpression': {
        const parts = (n as jsep.ArrayExpression).elements.map((e) =>
          e === null ? breach('array hole') : compile(e),
        );
        const fns = parts.map((p) => p.fn);
        const count = fns.length;
        // Never folded: each record gets its own array, which a downstream operator may keep.
        return dynamic(
          (r) => {
            const out = new Array<unknown>(count);
            for (let i = 0; i < count; i++) out[i] = (fns[i] as CompiledExpr)(r);
            return out;
          },
          parts.every((p) => p.pure),
        );
      }
      default:
        return breach(`${String(n.type)} is not supported`);
    }
  };

  function access(n: Ast): Part {
    const steps: Step[] = [];
    let cur = n;
    while (cur.type === 'MemberExpression') {
      const m = cur as jsep.MemberExpression;
      steps.push(memberStep(m));
      cur = m.object;
    }
    steps.reverse();
    if (cur.type === 'Identifier') {
      const name = (cur as jsep.Identifier).name;
      if (name === RECORD_NAME) {
        const [first, ...rest] = steps;
        if (first === undefined) return dynamic((r) => r, false);
        // The record is an object: $[0] is its key "0".
        return dynamic(fromRecord(String(first), rest), false);
      }
      if (isForbiddenName(name)) breach(`\`${name}\``);
      return dynamic(fromRecord(name, steps), false);
    }
    // A member of a computed value: coalesce(a, b).x, [1, 2][0], (c ? a : b).x
    const base = compile(cur);
    const read = fromValue(steps);
    const bf = base.fn;
    return fold(dynamic((r) => read(bf(r)), base.pure));
  }

  function memberStep(m: jsep.MemberExpression): Step {
    const p = m.property;
    if (!m.computed) {
      if (p.type !== 'Identifier') return breach('member name');
      const name = (p as jsep.Identifier).name;
      return isForbiddenName(name) ? breach(`\`${name}\``) : name;
    }
    if (p.type === 'Literal') {
      const v = (p as jsep.Literal).value;
      if (typeof v === 'string') return isForbiddenName(v) ? breach(`\`${v}\``) : v;
      if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
    }
    return breach('computed key');
  }

  function binary(b: jsep.BinaryExpression): Part {
    const l = compile(b.left);
    const r = compile(b.right);
    const pure = l.pure && r.pure;
    const op = b.operator;
    if (op === '&&' || op === '||') {
      if (l.isConst) return isTruthyConst(l.value) === (op === '&&') ? r : l;
      const [lf, rf] = [l.fn, r.fn];
      return fold(
        op === '&&'
          ? dynamic((x) => {
              const v = lf(x);
              return v ? rf(x) : v;
            }, pure)
          : dynamic((x) => {
              const v = lf(x);
              return v ? v : rf(x);
            }, pure),
      );
    }
    const fn = binaryFn(op, l, r) ?? breach(`operator ${op}`);
    return fold(dynamic(fn, pure));
  }

  function callFunction(c: jsep.CallExpression): Part {
    if (c.callee.type !== 'Identifier') return breach('only named functions can be called');
    const name = (c.callee as jsep.Identifier).name;
    const spec = FUNCTIONS.get(name);
    if (spec === undefined) return breach(`unknown function ${name}`);
    const n = c.arguments.length;
    if (n < spec.minArgs || n > spec.maxArgs) return breach(`arity of ${name}`);
    const parts = c.arguments.map(compile);
    const fns = parts.map((p) => p.fn);
    const pure = parts.every((p) => p.pure);
    switch (spec.kind) {
      case 'now':
        return dynamic(() => {
          const t = clock();
          return typeof t === 'number' && Number.isFinite(t) ? t : null;
        }, false);
      case 'coalesce':
        return fold(
          dynamic((r) => {
            for (let i = 0; i < n; i++) {
              const v = (fns[i] as CompiledExpr)(r);
              if (v !== null && v !== undefined) return v;
            }
            return null;
          }, pure),
        );
      case 'variadic': {
        const call = spec.call;
        // One buffer per call site: the tree never re-enters a node while it is evaluating it.
        const args = new Array<unknown>(n);
        return fold(
          dynamic((r) => {
            for (let i = 0; i < n; i++) args[i] = (fns[i] as CompiledExpr)(r);
            return call(args);
          }, pure),
        );
      }
      case 'fixed': {
        const call = spec.call;
        const [a, b, d] = fns;
        const fn: CompiledExpr =
          a === undefined
            ? () => call(undefined, undefined, undefined)
            : b === undefined
              ? (r) => call(a(r), undefined, undefined)
              : d === undefined
                ? (r) => call(a(r), b(r), undefined)
                : (r) => call(a(r), b(r), d(r));
        return fold(dynamic(fn, pure));
      }
    }
  }

  return compile(ast).fn;
}

function constant(value: unknown): Part {
  const v = value === undefined ? null : value;
  return { fn: () => v, pure: true, isConst: true, value: v };
}

function dynamic(fn: CompiledExpr, pure: boolean): Part {
  return { fn, pure, isConst: false, value: undefined };
}

/**
 * Evaluates a pure part once; only primitives become constants (arrays are made per record).
 * A part that fails (a string past its cap) stays as it is, to fail on each record as a dead
 * letter rather than at compile time.
 */
function fold(p: Part): Part {
  if (!p.pure || p.isConst) return p;
  let v: unknown;
  try {
    v = p.fn(EMPTY);
  } catch (error) {
    if (error instanceof ExpressionLimitError) return p;
    throw error;
  }
  return v === null || typeof v !== 'object' ? constant(v) : p;
}

function isTruthyConst(v: unknown): boolean {
  return !!v;
}

function fromRecord(k0: string, rest: readonly Step[]): CompiledExpr {
  const [k1] = rest;
  // The hot path: one own-property test and one read.
  if (k1 === undefined) return (r) => (Object.hasOwn(r, k0) ? (r[k0] ?? null) : null);
  if (rest.length === 1 && typeof k1 === 'string') {
    return (r) => {
      if (!Object.hasOwn(r, k0)) return null;
      const o = r[k0];
      if (typeof o !== 'object' || o === null || Array.isArray(o) || !Object.hasOwn(o, k1)) {
        return null;
      }
      return (o as Rec)[k1] ?? null;
    };
  }
  const read = fromValue(rest);
  return (r) => (Object.hasOwn(r, k0) ? read(r[k0] ?? null) : null);
}

function fromValue(steps: readonly Step[]): (v: unknown) => unknown {
  const count = steps.length;
  return (v) => {
    let cur = v;
    for (let i = 0; i < count && cur !== null; i++) {
      const s = steps[i] as Step;
      cur = typeof s === 'number' ? readIndex(cur, s) : readKey(cur, s);
    }
    return cur;
  };
}

type Num2 = (x: number, y: number) => number | null;

const ARITHMETIC: ReadonlyMap<string, Num2> = new Map<string, Num2>([
  ['-', (x, y) => finite(x - y)],
  ['*', (x, y) => finite(x * y)],
  ['/', (x, y) => (y === 0 ? null : finite(x / y))],
  ['%', (x, y) => (y === 0 ? null : finite(x % y))],
]);

function binaryFn(op: string, l: Part, r: Part): CompiledExpr | null {
  const [lf, rf] = [l.fn, r.fn];
  if (op === '+') {
    return (x) => {
      const a = lf(x);
      const b = rf(x);
      if (typeof a === 'number' && typeof b === 'number') return finite(a + b);
      if (typeof a === 'string' && typeof b === 'string') {
        if (a.length + b.length > MAX_STRING_LENGTH) throw textTooLong('+');
        return a + b;
      }
      return null;
    };
  }
  const arithmetic = ARITHMETIC.get(op);
  if (arithmetic !== undefined) {
    return (x) => {
      const a = lf(x);
      const b = rf(x);
      return typeof a === 'number' && typeof b === 'number' ? arithmetic(a, b) : null;
    };
  }
  if (op === '==' || op === '!=') return equality(op === '==', l, r);
  if (op === '<' || op === '<=' || op === '>' || op === '>=') return ordering(op, l, r);
  return null;
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function equality(equal: boolean, l: Part, r: Part): CompiledExpr {
  // Against a primitive constant, strict equality is the whole rule (no NaN constant exists).
  const [c, other] = r.isConst && isPrimitive(r.value) ? [r, l] : [l, r];
  if (c.isConst && isPrimitive(c.value)) {
    const v = c.value;
    const f = other.fn;
    return equal ? (x) => f(x) === v : (x) => f(x) !== v;
  }
  const [lf, rf] = [l.fn, r.fn];
  return equal ? (x) => jsonEquals(lf(x), rf(x)) : (x) => !jsonEquals(lf(x), rf(x));
}

type Ordered = number | string;
const ORDER: Readonly<Record<'<' | '<=' | '>' | '>=', (a: Ordered, b: Ordered) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function ordering(op: '<' | '<=' | '>' | '>=', l: Part, r: Part): CompiledExpr {
  const lf = l.fn;
  const rf = r.fn;
  // The common filter, `amount > 1000`: one read, one typeof, one comparison.
  if (r.isConst && (typeof r.value === 'number' || typeof r.value === 'string')) {
    const c = r.value;
    const kind = typeof c;
    switch (op) {
      case '<':
        return (x) => {
          const a = lf(x);
          return typeof a === kind && (a as Ordered) < c;
        };
      case '<=':
        return (x) => {
          const a = lf(x);
          return typeof a === kind && (a as Ordered) <= c;
        };
      case '>':
        return (x) => {
          const a = lf(x);
          return typeof a === kind && (a as Ordered) > c;
        };
      case '>=':
        return (x) => {
          const a = lf(x);
          return typeof a === kind && (a as Ordered) >= c;
        };
    }
  }
  const test = ORDER[op];
  return (x) => {
    const a = lf(x);
    const b = rf(x);
    return (typeof a === 'number' && typeof b === 'number') ||
      (typeof a === 'string' && typeof b === 'string')
      ? test(a, b)
      : false;
  };
}
