/**
 * The expression language of spec §6: a safe subset of JavaScript expression syntax, parsed by
 * jsep, checked against a whitelist, and compiled once into closures. User text is never code:
 * no eval, no Function, and no name can reach `constructor`, `__proto__` or `prototype`.
 *
 * Decisions the spec leaves open:
 * - `===` and `!==` are refused with a hint (`==` is already strict), so there is one spelling.
 * - Unary `+`, `**`, `??`, bitwise operators, `?.` are refused with a hint to the function.
 * - `&&` and `||` return an operand, as in JavaScript (`name || 'anon'`); filters use truthiness.
 * - Truthiness: `null`, `false`, `0`, `''` (and NaN, which cannot arise) are false; `[]`, `{}` true.
 * - Array literals are allowed (`contains(['a', 'b'], x)`); each record gets a fresh array.
 * - `items[0]` reads arrays; a number key on an object reads that key (`codes[200]`); `items.length`
 *   is null (use `len`). Computed keys are literals only.
 * - `$` alone is the record; a field named `$` is `$["$"]`. Host globals (`process`, `window`, …)
 *   are refused as bare names; such a field is read as `$.process`.
 * - Equality of objects and arrays is by JSON value, with object keys in any order.
 * - Strings compare by UTF-16 code units; `len` counts them.
 * - A string an expression builds is at most MAX_STRING_LENGTH (1 MiB) characters; past it the
 *   evaluation fails (ExpressionLimitError) and the operator sends the record to its dead letters.
 */
import { z } from 'zod';
import { grouped } from '../core/limits.js';
import type { Rec } from '../core/runtime.js';
import { checkAst, RECORD_NAME } from './check.js';
import { compileAst, type CompiledExpr, type CompileOptions } from './compile.js';
import { ExpressionError } from './errors.js';
import { FUNCTION_SPECS, FUNCTIONS } from './functions.js';
import { MAX_STRING_LENGTH } from './limits.js';
import { parseExpression, type Ast } from './parse.js';
import type jsep from 'jsep';

export { ExpressionError, ExpressionLimitError } from './errors.js';
export { jsonSize, MAX_STRING_LENGTH } from './limits.js';
export { isTruthy } from './values.js';
export { wordsOf } from './functions.js';
export { MAX_EXPRESSION_LENGTH, MAX_NESTING } from './parse.js';
export type { CompiledExpr, CompileOptions } from './compile.js';
export type { FunctionSpec } from './functions.js';

export const EXPRESSION_FUNCTIONS: readonly string[] = Object.freeze([...FUNCTIONS.keys()]);

/** Name, signature and a one-line summary of each function, for autocomplete and docs. */
export const EXPRESSION_FUNCTION_DOCS: readonly {
  readonly name: string;
  readonly signature: string;
  readonly summary: string;
}[] = Object.freeze(
  FUNCTION_SPECS.map(({ name, signature, summary }) => Object.freeze({ name, signature, summary })),
);

function parseAndCheck(text: string): { ok: true; ast: Ast } | { ok: false; problems: string[] } {
  const parsed = parseExpression(text);
  if (!parsed.ok) return parsed;
  const problems = checkAst(parsed.ast);
  return problems.length === 0 ? parsed : { ok: false, problems };
}

/** Every problem of the text; [] when it is a valid expression. Never throws. */
export function checkExpression(text: string): string[] {
  const result = parseAndCheck(text);
  return result.ok ? [] : result.problems;
}

/**
 * Compiles once; throws `ExpressionError` if invalid. The result throws on a record only an
 * `ExpressionLimitError`, when a string it builds would pass MAX_STRING_LENGTH: callers turn it
 * into a dead letter.
 */
export function compileExpression(text: string, options?: CompileOptions): CompiledExpr {
  const result = parseAndCheck(text);
  if (!result.ok) throw new ExpressionError(String(text), result.problems);
  return compileAst(result.ast, text, options);
}

/** Top-level field names the expression reads, in order of first use; [] if invalid. */
export function referencedFields(text: string): string[] {
  const result = parseAndCheck(text);
  if (!result.ok) return [];
  const fields: string[] = [];
  const add = (name: string): void => {
    if (!fields.includes(name)) fields.push(name);
  };
  const walk = (n: Ast): void => {
    switch (n.type) {
      case 'Identifier': {
        const name = (n as jsep.Identifier).name;
        if (name !== RECORD_NAME) add(name);
        return;
      }
      case 'MemberExpression': {
        const m = n as jsep.MemberExpression;
        const o = m.object;
        if (o.type === 'Identifier' && (o as jsep.Identifier).name === RECORD_NAME) {
          const p = m.property;
          if (!m.computed) add((p as jsep.Identifier).name);
          else add(String((p as jsep.Literal).value));
          return;
        }
        return walk(o);
      }
      case 'CallExpression':
        return (n as jsep.CallExpression).arguments.forEach(walk);
      case 'BinaryExpression':
        walk((n as jsep.BinaryExpression).left);
        return walk((n as jsep.BinaryExpression).right);
      case 'UnaryExpression':
        return walk((n as jsep.UnaryExpression).argument);
      case 'ConditionalExpression': {
        const c = n as jsep.ConditionalExpression;
        walk(c.test);
        walk(c.consequent);
        return walk(c.alternate);
      }
      case 'ArrayExpression':
        for (const e of (n as jsep.ArrayExpression).elements) if (e !== null) walk(e);
        return;
      default:
        return;
    }
  };
  walk(result.ast);
  return fields;
}

/** Evaluates once, for tests and previews; operators compile once and call the result. */
export function evaluateExpression(text: string, record: Rec, options?: CompileOptions): unknown {
  return compileExpression(text, options)(record);
}

/**
 * A param holding an expression: a string with one issue per problem. The JSON Schema carries
 * `format: "expression"` so the canvas form can offer an expression editor.
 */
export const Expr = z
  .string()
  .superRefine((text, ctx) => {
    for (const problem of checkExpression(text)) {
      ctx.addIssue({ code: 'custom', message: problem, input: text });
    }
  })
  .meta({
    format: 'expression',
    description:
      'An expression over the record (spec §6), e.g. `amount > 1000 && lower(country) == "fr"`. ' +
      `Functions: ${EXPRESSION_FUNCTIONS.join(', ')}. ` +
      `Text an expression builds is at most ${grouped(MAX_STRING_LENGTH)} characters; past it the record is a dead letter.`,
  });

/**
 * The checked AST of a valid expression, or its problems: for translators of the language into
 * another (the Flink SQL export), which must read the same tree the compiler reads.
 */
export function parseCheckedExpression(
  text: string,
): { ok: true; ast: Ast } | { ok: false; problems: string[] } {
  return parseAndCheck(text);
}

export type { Ast as ExpressionAst } from './parse.js';
export { RECORD_NAME } from './check.js';
