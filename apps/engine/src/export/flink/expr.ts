/**
 * Rivulet's expressions (spec §6) in Flink SQL, keeping their meaning. The columns a record
 * carries have static types (sampled from the input), so each JavaScript rule that depends on
 * a value's type is decided here, once: `amount + 'x'` is null, `<` between a number and text
 * is false, `/` is floating-point division and by zero gives null, `==` is
 * `IS NOT DISTINCT FROM`. What has no exact SQL form is refused by name, never approximated.
 *
 * Known edge: text functions count characters as Flink does (code points) where JavaScript
 * counts UTF-16 units; they differ only for characters outside the Basic Multilingual Plane.
 */
import {
  parseCheckedExpression,
  RECORD_NAME,
  wordsOf,
  type ExpressionAst,
} from '@rivulet/operators';
import type jsep from 'jsep';
import { numberLiteral, stringLiteral } from './sql.js';

/** The type of a value as an expression sees it; `null`: always null (a missing field). */
export type Kind = 'number' | 'string' | 'boolean' | 'null';

/** An SQL expression and the type of its values. Numbers are DOUBLE. */
export interface Sql {
  readonly text: string;
  readonly kind: Kind;
  /** A condition that is never NULL (TRUE or FALSE). */
  readonly sure?: boolean;
  /** A number that is always whole (or null). */
  readonly integer?: boolean;
}

/** How a field of the record reads in SQL; null when the record has no such field. */
export type Scope = (field: string) => Sql | null;

export type Translation = { ok: true; sql: Sql } | { ok: false; problems: string[] };

const NULL: Sql = { text: 'NULL', kind: 'null' };
const FALSE: Sql = { text: 'FALSE', kind: 'boolean', sure: true };
const TRUE: Sql = { text: 'TRUE', kind: 'boolean', sure: true };

/** A condition that is never NULL. */
function sure(text: string): Sql {
  return { text, kind: 'boolean', sure: true };
}

export const SQL_TYPE: Readonly<Record<Exclude<Kind, 'null'>, string>> = {
  number: 'DOUBLE',
  string: 'STRING',
  boolean: 'BOOLEAN',
};

/** What the translation of one expression could not translate; every refusal is kept. */
let refusals: string[] = [];

/** Records why a construct cannot be exported; the translation goes on, to find the others. */
function refuse(message: string): Sql {
  if (!refusals.includes(message)) refusals.push(message);
  return NULL;
}

/** An SQL condition that is never NULL: whether the value is truthy as spec §6 says. */
export function truthy(s: Sql): string {
  switch (s.kind) {
    case 'boolean':
      return s.sure ? s.text : `COALESCE(${s.text}, FALSE)`;
    case 'number':
      return `COALESCE(${s.text} <> 0E0, FALSE)`;
    case 'string':
      return `COALESCE(${s.text} <> '', FALSE)`;
    case 'null':
      return 'FALSE';
  }
}

/** The expression as a value of a declared type: an untyped NULL gets a CAST. */
export function asColumn(s: Sql): { text: string; type: string } {
  if (s.kind === 'null') return { text: 'CAST(NULL AS STRING)', type: 'STRING' };
  return { text: s.text, type: SQL_TYPE[s.kind] };
}

/** The kinds of two branches as one: equal, or one of them always null. */
function common(a: Sql, b: Sql, what: string): Kind {
  if (a.kind === b.kind || b.kind === 'null') return a.kind;
  if (a.kind === 'null') return b.kind;
  refuse(
    `${what} mixes ${a.kind === 'number' ? 'a number' : a.kind} and ${b.kind === 'number' ? 'a number' : b.kind}: Flink SQL needs one type (compare, or convert one side)`,
  );
  return 'null';
}

/** A NULL of the kind, so that CASE and COALESCE branches have one type. */
function typedNull(kind: Kind): string {
  return kind === 'null' ? 'NULL' : `CAST(NULL AS ${SQL_TYPE[kind]})`;
}

function branch(s: Sql, kind: Kind): string {
  return s.kind === 'null' ? typedNull(kind) : s.text;
}

/** Translates an expression; every construct it cannot translate exactly is a problem. */
export function expressionToSql(text: string, scope: Scope): Translation {
  const parsed = parseCheckedExpression(text);
  if (!parsed.ok) return parsed;
  refusals = [];
  const sql = translate(parsed.ast, scope);
  const problems = refusals;
  refusals = [];
  return problems.length === 0 ? { ok: true, sql } : { ok: false, problems };
}

function translate(node: ExpressionAst, scope: Scope): Sql {
  const go = (n: ExpressionAst): Sql => translate(n, scope);
  switch (node.type) {
    case 'Literal':
      return literal((node as jsep.Literal).value);
    case 'Identifier':
    case 'MemberExpression':
      return field(node, scope);
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      const a = go(u.argument);
      if (u.operator === '!') return sure(`(NOT ${truthy(a)})`);
      return a.kind === 'number' ? whole(`(-${a.text})`, a.integer) : NULL;
    }
    case 'BinaryExpression':
      return binary(node as jsep.BinaryExpression, go);
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      const [t, y, z] = [go(c.test), go(c.consequent), go(c.alternate)];
      const kind = common(y, z, 'a ? b : c');
      if (kind === 'null') return NULL;
      return {
        text: `(CASE WHEN ${truthy(t)} THEN ${branch(y, kind)} ELSE ${branch(z, kind)} END)`,
        kind,
      };
    }
    case 'CallExpression':
      return call(node as jsep.CallExpression, go);
    case 'ArrayExpression':
      return refuse('an array can only be exported as the list of contains([…], x)');
    default:
      return refuse(`${String(node.type)} cannot be exported`);
  }
}

function literal(value: unknown): Sql {
  if (value === null) return NULL;
  if (typeof value === 'number') {
    return { text: numberLiteral(value), kind: 'number', integer: Number.isSafeInteger(value) };
  }
  if (typeof value === 'string') return { text: stringLiteral(value), kind: 'string' };
  if (typeof value === 'boolean') return value ? TRUE : FALSE;
  return refuse('this literal cannot be exported');
}

/** A top-level field: `amount`, `$.amount`, `$["odd key"]`. Nested reads are refused. */
function field(node: ExpressionAst, scope: Scope): Sql {
  let name: string | null = null;
  if (node.type === 'Identifier') name = (node as jsep.Identifier).name;
  else {
    const m = node as jsep.MemberExpression;
    if (m.object.type === 'Identifier' && (m.object as jsep.Identifier).name === RECORD_NAME) {
      const p = m.property;
      name = m.computed ? String((p as jsep.Literal).value) : (p as jsep.Identifier).name;
    }
  }
  if (name === RECORD_NAME) return refuse('`$` (the whole record) cannot be exported');
  if (name === null) {
    return refuse(
      'nested fields (a.b, a[0]) cannot be exported: Flink SQL reads flat records here',
    );
  }
  return scope(name) ?? NULL;
}

type Go = (n: ExpressionAst) => Sql;

function binary(b: jsep.BinaryExpression, go: Go): Sql {
  const op = b.operator;
  const l = go(b.left);
  const r = go(b.right);
  const numbers = l.kind === 'number' && r.kind === 'number';
  switch (op) {
    case '+':
      if (numbers) return whole(`(${l.text} + ${r.text})`, l.integer && r.integer);
      if (l.kind === 'string' && r.kind === 'string')
        return { text: `(${l.text} || ${r.text})`, kind: 'string' };
      return NULL;
    case '-':
    case '*':
      return numbers ? whole(`(${l.text} ${op} ${r.text})`, l.integer && r.integer) : NULL;
    case '/':
      // Always floating point (DOUBLE), and by zero null, as in Rivulet.
      return numbers ? { text: `(${l.text} / NULLIF(${r.text}, 0E0))`, kind: 'number' } : NULL;
    case '%':
      if (!numbers) return NULL;
      // Flink's MOD takes whole numbers only (with the dividend's sign, as JavaScript's %).
      if (!l.integer || !r.integer) {
        return refuse(
          "% of numbers that may have a fraction: Flink SQL's MOD takes whole numbers only (the export knows a field is whole when every value of the input is)",
        );
      }
      return whole(
        `CAST(MOD(CAST(${l.text} AS BIGINT), NULLIF(CAST(${r.text} AS BIGINT), 0)) AS DOUBLE)`,
        true,
      );
    case '==':
    case '!=': {
      const equal = equality(l, r);
      return op === '==' ? equal : sure(`(NOT ${equal.text})`);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (numbers || (l.kind === 'string' && r.kind === 'string'))
        return sure(`COALESCE(${l.text} ${op} ${r.text}, FALSE)`);
      return FALSE;
    case '&&':
    case '||': {
      // An operand, as JavaScript: a && b is a when a is falsy, else b.
      const kind = common(l, r, op);
      if (kind === 'null') return NULL;
      const [then, otherwise] = op === '&&' ? [r, l] : [l, r];
      return {
        text: `(CASE WHEN ${truthy(l)} THEN ${branch(then, kind)} ELSE ${branch(otherwise, kind)} END)`,
        kind,
      };
    }
    default:
      return refuse(`operator ${op} cannot be exported`);
  }
}

/** A number expression, whole when both operands are. */
function whole(text: string, integer: boolean | undefined): Sql {
  return integer ? { text, kind: 'number', integer: true } : { text, kind: 'number' };
}

/** Strict equality that is never NULL: values of different types are never equal. */
function equality(l: Sql, r: Sql): Sql {
  if (l.kind === 'null' && r.kind === 'null') return TRUE;
  if (l.kind === 'null') return sure(`(${r.text} IS NULL)`);
  if (r.kind === 'null') return sure(`(${l.text} IS NULL)`);
  if (l.kind === r.kind) return sure(`(${l.text} IS NOT DISTINCT FROM ${r.text})`);
  return sure(`(${l.text} IS NULL AND ${r.text} IS NULL)`);
}

const NUMBER_1: Readonly<Record<string, (a: string) => string>> = {
  abs: (a) => `ABS(${a})`,
  floor: (a) => `FLOOR(${a})`,
  ceil: (a) => `CEIL(${a})`,
  sqrt: (a) => `(CASE WHEN ${a} >= 0E0 THEN SQRT(${a}) END)`,
  log: (a) => `(CASE WHEN ${a} > 0E0 THEN LN(${a}) END)`,
  exp: (a) => `EXP(${a})`,
};

/** A time in ms as a UTC timestamp (the script sets the session time zone to UTC). */
function utc(a: string): string {
  return `CAST(TO_TIMESTAMP_LTZ(CAST(FLOOR(${a}) AS BIGINT), 3) AS TIMESTAMP(3))`;
}

const TIME_1: Readonly<Record<string, (a: string) => string>> = {
  hour: (a) => `CAST(EXTRACT(HOUR FROM ${utc(a)}) AS DOUBLE)`,
  minute: (a) => `CAST(EXTRACT(MINUTE FROM ${utc(a)}) AS DOUBLE)`,
  // Flink's DAYOFWEEK is Sunday = 1; Rivulet's is Monday = 1 … Sunday = 7.
  dayOfWeek: (a) => `CAST(MOD(DAYOFWEEK(${utc(a)}) + 5, 7) + 1 AS DOUBLE)`,
};

const REFUSED: Readonly<Record<string, string>> = {
  now: 'now() reads the wall clock: its values cannot be the same on another engine',
  trim: "trim(): JavaScript's set of white space has no exact Flink SQL form",
};

function call(c: jsep.CallExpression, go: Go): Sql {
  const name = (c.callee as jsep.Identifier).name;
  if (Object.hasOwn(REFUSED, name)) return refuse(REFUSED[name]!);
  if (name === 'hasWord' || name === 'hasAnyWord') return words(c, go(c.arguments[0]!));
  if (name === 'contains' && c.arguments[0]?.type === 'ArrayExpression') {
    return membership(c.arguments[0] as jsep.ArrayExpression, go(c.arguments[1]!));
  }
  const args = c.arguments.map(go);
  const [a, b] = args as [Sql, Sql | undefined];
  const allNumbers = args.every((x) => x.kind === 'number');
  const allText = args.every((x) => x.kind === 'string');
  const number = (text: string, integer?: boolean): Sql => whole(text, integer);
  const boolean = (text: string): Sql => ({ text, kind: 'boolean' });
  const text = (t: string): Sql => ({ text: t, kind: 'string' });

  if (Object.hasOwn(NUMBER_1, name)) {
    const integer = name === 'floor' || name === 'ceil' || (name === 'abs' && a.integer);
    return allNumbers ? number(NUMBER_1[name]!(a.text), integer) : NULL;
  }
  if (Object.hasOwn(TIME_1, name)) return allNumbers ? number(TIME_1[name]!(a.text), true) : NULL;
  switch (name) {
    case 'round': {
      if (a.kind !== 'number') return NULL;
      if (b === undefined) return number(`ROUND(${a.text}, 0)`, true);
      const digits = c.arguments[1]!;
      const d = digits.type === 'Literal' ? (digits as jsep.Literal).value : undefined;
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 15) {
        return refuse('round(x, digits) is exported only with digits a whole number 0 to 15');
      }
      return number(`ROUND(${a.text}, ${d})`);
    }
    case 'min':
    case 'max':
      return allNumbers
        ? number(
            `${name === 'min' ? 'LEAST' : 'GREATEST'}(${args.map((x) => x.text).join(', ')})`,
            args.every((x) => x.integer),
          )
        : NULL;
    case 'pow':
      return allNumbers ? number(`POWER(${a.text}, ${b!.text})`) : NULL;
    case 'lower':
    case 'upper':
      return allText ? text(`${name.toUpperCase()}(${a.text})`) : NULL;
    case 'len':
      return a.kind === 'string' ? number(`CAST(CHAR_LENGTH(${a.text}) AS DOUBLE)`, true) : NULL;
    case 'contains':
      return allText ? boolean(`(POSITION(${b!.text} IN ${a.text}) > 0)`) : NULL;
    case 'startsWith':
      return allText ? boolean(`(LEFT(${a.text}, CHAR_LENGTH(${b!.text})) = ${b!.text})`) : NULL;
    case 'endsWith':
      return allText ? boolean(`(RIGHT(${a.text}, CHAR_LENGTH(${b!.text})) = ${b!.text})`) : NULL;
    case 'substr':
      return substr(c, a);
    case 'concat': {
      const parts = args.filter((x) => x.kind !== 'null');
      const other = parts.find((x) => x.kind !== 'string');
      if (other !== undefined) {
        return refuse(
          `concat() of a ${other.kind}: JavaScript writes numbers and booleans its own way; convert in the source data or compare instead`,
        );
      }
      return text(
        `CONCAT_WS('', ${parts.length === 0 ? "''" : parts.map((x) => x.text).join(', ')})`,
      );
    }
    case 'coalesce': {
      const kind = args.reduce<Kind>(
        (k, x) => common({ text: '', kind: k }, x, 'coalesce()'),
        'null',
      );
      if (kind === 'null') return NULL;
      return { text: `COALESCE(${args.map((x) => branch(x, kind)).join(', ')})`, kind };
    }
    case 'isNull':
      return a.kind === 'null' ? TRUE : sure(`(${a.text} IS NULL)`);
    case 'toNumber':
      if (a.kind === 'number' || a.kind === 'null') return a;
      if (a.kind === 'boolean')
        return number(`(CASE WHEN ${a.text} THEN 1E0 WHEN NOT ${a.text} THEN 0E0 END)`);
      return refuse("toNumber() of text: JavaScript's number syntax has no exact Flink SQL form");
    case 'toString':
      if (a.kind === 'string' || a.kind === 'null') return a;
      if (a.kind === 'boolean')
        return text(`(CASE WHEN ${a.text} THEN 'true' WHEN NOT ${a.text} THEN 'false' END)`);
      return refuse('toString() of a number: JavaScript writes numbers its own way');
    default:
      return refuse(`${name}() cannot be exported`);
  }
}

/** contains(['a', 'b'], x): x is one of the literals (never NULL, as in Rivulet). */
function membership(list: jsep.ArrayExpression, x: Sql): Sql {
  const values = list.elements.map((e) =>
    e?.type === 'Literal'
      ? literal((e as jsep.Literal).value)
      : refuse('contains([…], x) is exported only with a list of literals'),
  );
  const same = values.filter((v) => v.kind === x.kind && v.kind !== 'null');
  if (x.kind === 'null') return values.some((v) => v.kind === 'null') ? TRUE : FALSE;
  const hasNull = values.some((v) => v.kind === 'null');
  const inList =
    same.length === 0
      ? 'FALSE'
      : `COALESCE(${x.text} IN (${same.map((v) => v.text).join(', ')}), FALSE)`;
  return sure(hasNull ? `(${inList} OR ${x.text} IS NULL)` : inList);
}

/** Not a letter, combining mark or digit: what separates words in hasWord (functions.ts). */
const SEPARATOR = '[^\\p{L}\\p{N}\\p{M}]';
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';

/**
 * hasWord(s, 'phrase') and hasAnyWord(s, 'a', 'b c'), literal phrases only: a Java regular
 * expression over LOWER(s) whose words are the phrases' words, between separators or the ends.
 * The pattern is made of the phrases' words only (letters and digits), nothing from the data.
 */
function words(c: jsep.CallExpression, s: Sql): Sql {
  const phrases: string[] = [];
  for (const arg of c.arguments.slice(1)) {
    const value = arg.type === 'Literal' ? (arg as jsep.Literal).value : undefined;
    if (typeof value !== 'string')
      return refuse('hasWord()/hasAnyWord() are exported only with literal phrases');
    const w = wordsOf(value).trim();
    // A phrase ending in * keeps its last word open: any word beginning with it.
    const open = value.trimEnd().endsWith('*') ? `${WORD_CHAR}*` : '';
    if (w !== '') phrases.push(w.split(' ').join(`${SEPARATOR}+`) + open);
  }
  if (s.kind !== 'string') return NULL;
  if (phrases.length === 0)
    return { text: `(CASE WHEN ${s.text} IS NOT NULL THEN FALSE END)`, kind: 'boolean' };
  const pattern = `(^|${SEPARATOR})(${phrases.join('|')})(${SEPARATOR}|$)`;
  return { text: `REGEXP(LOWER(${s.text}), ${stringLiteral(pattern)})`, kind: 'boolean' };
}

/** substr(s, start, length?) with literal, non-negative whole numbers only. */
function substr(c: jsep.CallExpression, s: Sql): Sql {
  const whole = (n: ExpressionAst | undefined): number | null => {
    if (n === undefined || n.type !== 'Literal') return null;
    const v = (n as jsep.Literal).value;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31 ? v : null;
  };
  const start = whole(c.arguments[1]);
  const length = c.arguments[2] === undefined ? undefined : whole(c.arguments[2]);
  if (start === null || length === null) {
    return refuse('substr() is exported only with a start and length that are whole numbers ≥ 0');
  }
  if (s.kind !== 'string') return NULL;
  const forPart = length === undefined ? '' : ` FOR ${length}`;
  return { text: `SUBSTRING(${s.text} FROM ${start + 1}${forPart})`, kind: 'string' };
}
