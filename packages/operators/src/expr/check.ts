/**
 * The whitelist: every node of the AST must be one of the forms spec §6 allows, or it is a
 * problem. Runs before anything is compiled, so hostile text is a validation error and never
 * a runtime one.
 */
import type jsep from 'jsep';
import { FUNCTIONS } from './functions.js';
import { MAX_NESTING, tooDeep, type Ast } from './parse.js';

export const RECORD_NAME = '$';

const BINARY = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||']);
const UNARY = new Set(['-', '!']);

const OPERATOR_HINTS: Readonly<Record<string, string>> = {
  '===': 'write ==, which is already strict',
  '!==': 'write !=, which is already strict',
  '??': 'write coalesce(a, b)',
  '**': 'write pow(x, y)',
  '+': 'write toNumber(x) to convert',
  '~': 'there are no bitwise operators',
  '|': 'there are no bitwise operators; did you mean ||?',
  '&': 'there are no bitwise operators; did you mean &&?',
  '^': 'there are no bitwise operators; write pow(x, y) for powers',
  '<<': 'there are no bitwise operators',
  '>>': 'there are no bitwise operators',
  '>>>': 'there are no bitwise operators',
};

/** Words that start a JavaScript construct; jsep reads `new X()` as two expressions. */
// prettier-ignore
const KEYWORDS = new Set([
  'new', 'typeof', 'void', 'delete', 'in', 'instanceof', 'function', 'class', 'async', 'await',
  'yield', 'let', 'var', 'const', 'return', 'throw', 'import', 'export', 'super', 'with',
]);

/**
 * Host globals, refused as bare names because whoever writes them expects JavaScript's (which
 * an expression can never reach). A record field of such a name is still readable as `$.name`.
 */
// prettier-ignore
const HOST_NAMES = new Set([
  'globalThis', 'window', 'self', 'global', 'process', 'require', 'module', 'exports', 'eval',
  'Function', 'Object', 'Reflect', 'Proxy', 'document', 'arguments',
]);

const NOT_VALUES: Readonly<Record<string, string>> = {
  undefined: 'a missing field is null: write null, or isNull(x)',
  NaN: 'there is no NaN: arithmetic that has no number as its result gives null',
  Infinity: 'there is no Infinity: arithmetic that has no finite result gives null',
};

/**
 * Names that lead into JavaScript's object machinery. Refused wherever a name or a quoted key
 * can appear, although field reads are own-property only and could not reach them anyway.
 */
export function isForbiddenName(name: string): boolean {
  return (
    name === 'constructor' ||
    name === 'prototype' ||
    (name.length >= 4 && name.startsWith('__') && name.endsWith('__'))
  );
}

function forbidden(name: string): string {
  return `\`${clip(name)}\` cannot be used: it would reach JavaScript internals, not record data`;
}

const ESCAPES = new Set(['n', 'r', 't', 'b', 'f', 'v', '\\', "'", '"']);

/** Every problem of the AST; [] when the expression is allowed. */
export function checkAst(ast: Ast): string[] {
  const problems: string[] = [];
  const add = (p: string): void => {
    if (!problems.includes(p)) problems.push(p);
  };
  let tooDeepReported = false;

  const walk = (node: Ast, depth: number): void => {
    if (depth > MAX_NESTING) {
      if (!tooDeepReported) add(tooDeep());
      tooDeepReported = true;
      return;
    }
    switch (node.type) {
      case 'Literal':
        return literal(node as jsep.Literal, add);
      case 'Identifier': {
        const name = (node as jsep.Identifier).name;
        if (name === RECORD_NAME) return;
        return identifier(name, add);
      }
      case 'MemberExpression': {
        const m = node as jsep.MemberExpression;
        member(m, add);
        // A chain a.b.c is one level of nesting, not three.
        return walk(m.object, depth);
      }
      case 'CallExpression':
        return call(node as jsep.CallExpression, add, (n) => walk(n, depth + 1));
      case 'BinaryExpression': {
        const b = node as jsep.BinaryExpression;
        if (!BINARY.has(b.operator)) add(unsupportedOperator(b.operator));
        // Left-leaning chains (a + b + c, x == 1 || x == 2 || …) are flat to a reader.
        walk(b.left, b.left.type === 'BinaryExpression' ? depth : depth + 1);
        return walk(b.right, depth + 1);
      }
      case 'UnaryExpression': {
        const u = node as jsep.UnaryExpression;
        if (!UNARY.has(u.operator)) add(unsupportedOperator(u.operator, true));
        return walk(u.argument, depth + 1);
      }
      case 'ConditionalExpression': {
        const c = node as jsep.ConditionalExpression;
        walk(c.test, depth + 1);
        walk(c.consequent, depth + 1);
        return walk(c.alternate, depth + 1);
      }
      case 'ArrayExpression': {
        const a = node as jsep.ArrayExpression;
        for (const e of a.elements) {
          if (e === null) add('an array literal cannot have holes: write null');
          else walk(e, depth + 1);
        }
        return;
      }
      case 'ThisExpression':
        return add(`\`this\` is not supported: \`${RECORD_NAME}\` is the record`);
      case 'Compound':
        return add(compound(node as jsep.Compound));
      case 'SequenceExpression':
        return add('the comma operator is not supported: write one expression');
      default:
        return add(`${String(node.type)} is not supported in an expression`);
    }
  };

  walk(ast, 0);
  return problems;
}

function literal(node: jsep.Literal, add: (p: string) => void): void {
  const v = node.value;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) add(`number ${clip(String(node.raw))} is too large`);
  } else if (typeof v === 'string') {
    const bad = unsupportedEscape(String(node.raw));
    if (bad !== null) {
      add(`string escape \\${bad} is not supported (only \\n \\r \\t \\b \\f \\v \\\\ \\' \\")`);
    }
  } else if (typeof v !== 'boolean' && v !== null) {
    add('regular expressions are not supported');
  }
}

/** jsep reads unknown escapes as the bare character ("\u0041" is "u0041"), so refuse them. */
function unsupportedEscape(raw: string): string | null {
  for (let i = 1; i < raw.length - 1; i++) {
    if (raw[i] === '\\') {
      const next = raw[i + 1] ?? '';
      if (!ESCAPES.has(next)) return next === '\n' ? '(newline)' : next;
      i++;
    }
  }
  return null;
}

function identifier(name: string, add: (p: string) => void): void {
  if (isForbiddenName(name)) return add(forbidden(name));
  const notValue = NOT_VALUES[name];
  if (notValue !== undefined && Object.hasOwn(NOT_VALUES, name)) {
    return add(`\`${name}\` is not a value here: ${notValue}`);
  }
  if (HOST_NAMES.has(name)) {
    add(
      `\`${name}\` is reserved: expressions cannot reach JavaScript globals; ` +
        `to read a record field of that name write ${RECORD_NAME}.${name}`,
    );
  }
}

function member(m: jsep.MemberExpression, add: (p: string) => void): void {
  if (m.optional === true) add('?. is not needed: reading a missing field already gives null');
  const p = m.property;
  if (!m.computed) {
    if (p.type === 'Identifier' && isForbiddenName((p as jsep.Identifier).name)) {
      add(forbidden((p as jsep.Identifier).name));
    }
    return;
  }
  if (p.type === 'Literal') {
    const v = (p as jsep.Literal).value;
    if (typeof v === 'string') {
      if (isForbiddenName(v)) add(forbidden(v));
      return literal(p as jsep.Literal, add);
    }
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return;
  }
  add(
    'a computed key must be a quoted string or a non-negative whole number, ' +
      `as in items[0] or ${RECORD_NAME}["odd key"]; computed names are not supported`,
  );
}

function call(c: jsep.CallExpression, add: (p: string) => void, walk: (n: Ast) => void): void {
  const callee = c.callee;
  if (callee.type === 'Identifier') {
    const name = (callee as jsep.Identifier).name;
    const spec = FUNCTIONS.get(name);
    if (isForbiddenName(name)) {
      add(forbidden(name));
    } else if (spec === undefined) {
      add(unknownFunction(name));
    } else if (c.arguments.length < spec.minArgs || c.arguments.length > spec.maxArgs) {
      add(
        `${spec.signature} takes ${arity(spec.minArgs, spec.maxArgs)}, not ${c.arguments.length}`,
      );
    }
  } else if (callee.type === 'MemberExpression' && !(callee as jsep.MemberExpression).computed) {
    const m = callee as jsep.MemberExpression;
    const method = m.property.type === 'Identifier' ? (m.property as jsep.Identifier).name : '';
    add(
      FUNCTIONS.has(method)
        ? `methods cannot be called: write ${method}(x, …) instead of x.${method}(…)`
        : `methods cannot be called (\`.${clip(method)}(…)\`): call a listed function by name, as in lower(s)`,
    );
    walk(callee);
  } else {
    add('only a listed function can be called, by its name, as in lower(s)');
    walk(callee);
  }
  for (const a of c.arguments) walk(a);
}

function arity(min: number, max: number): string {
  const n = (k: number): string => `${k} argument${k === 1 ? '' : 's'}`;
  if (min === max) return n(min);
  if (max === Infinity) return `at least ${n(min)}`;
  return `${min} to ${n(max)}`;
}

export function functionList(): string {
  return [...FUNCTIONS.keys()].join(', ');
}

function unknownFunction(name: string): string {
  const close = closestFunction(name);
  return close !== null
    ? `unknown function \`${clip(name)}\`; did you mean ${close}?`
    : `unknown function \`${clip(name)}\`; the functions are: ${functionList()}`;
}

function clip(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

function closestFunction(name: string): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const known of FUNCTIONS.keys()) {
    const d = known.toLowerCase() === name.toLowerCase() ? 0 : editDistance(known, name);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.min(2, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? Infinity;
}

function unsupportedOperator(op: string, unary = false): string {
  const what = unary ? `unary operator ${op}` : `operator ${op}`;
  const hint = Object.hasOwn(OPERATOR_HINTS, op) ? OPERATOR_HINTS[op] : undefined;
  return hint !== undefined ? `${what} is not supported: ${hint}` : `${what} is not supported`;
}

function compound(node: jsep.Compound): string {
  const body = node.body;
  if (body.length === 0) return 'expression is empty';
  for (const part of body) {
    if (part.type === 'Identifier' && KEYWORDS.has((part as jsep.Identifier).name)) {
      return `\`${(part as jsep.Identifier).name}\` is not supported in an expression`;
    }
  }
  return `write one expression (found ${body.length}, separated by a space, , or ;)`;
}
