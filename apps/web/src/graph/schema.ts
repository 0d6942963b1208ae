/**
 * Reading the operators' params JSON Schema (zod's output) the way the form and the node cards
 * need it. Generic: nothing here knows an operator.
 */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
}

export type FieldKind =
  | 'expression'
  | 'duration'
  | 'enum'
  | 'boolean'
  | 'number'
  | 'text'
  | 'string-list'
  | 'object-list'
  | 'object'
  | 'record'
  | 'number-or-text'
  | 'json';

const types = (s: JsonSchema): string[] =>
  s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];

/** Which editor a schema needs. */
export function fieldKind(s: JsonSchema): FieldKind {
  if (s.format === 'expression') return 'expression';
  if (s.format === 'duration' || s.format === 'signed-duration') return 'duration';
  if (Array.isArray(s.enum)) return 'enum';
  const t = types(s);
  if (t.includes('boolean') && t.length === 1) return 'boolean';
  if (t.length === 1 && (t[0] === 'number' || t[0] === 'integer')) return 'number';
  if (t.length === 1 && t[0] === 'string') return 'text';
  if (t.includes('array') && s.items) {
    const item = s.items;
    if (types(item).includes('object') && item.properties) return 'object-list';
    if (fieldKind(item) === 'text') return 'string-list';
    return 'json';
  }
  if (t.includes('object')) {
    if (s.properties && Object.keys(s.properties).length > 0) return 'object';
    if (typeof s.additionalProperties === 'object') return 'record';
    return 'json';
  }
  if (s.anyOf && s.anyOf.length > 0) {
    const kinds = s.anyOf.map(fieldKind);
    if (kinds.every((k) => k === 'number' || k === 'text')) return 'number-or-text';
  }
  return 'json';
}

/** True when the schema (or one of its unions) accepts an integer only. */
export const isInteger = (s: JsonSchema): boolean => types(s).includes('integer');

/** An empty value of the right shape for a new row or a newly enabled object. */
export function emptyValue(s: JsonSchema): unknown {
  if (s.default !== undefined) return structuredClone(s.default);
  switch (fieldKind(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) {
        const child = s.properties?.[key];
        if (child) out[key] = emptyValue(child);
      }
      return out;
    }
    case 'object-list':
    case 'string-list':
      return [];
    case 'record':
      return {};
    case 'boolean':
      return false;
    case 'enum':
      return s.enum?.[0];
    case 'number':
      return s.minimum ?? 0;
    default:
      return '';
  }
}

/** Value at a path inside a params object. */
export function getAtPath(root: unknown, path: readonly (string | number)[]): unknown {
  let at: unknown = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/**
 * A copy of `root` with the value at `path` replaced; `undefined` removes an object key (an
 * absent optional param), and removes an array item when the last key is a number.
 */
export function setAtPath(
  root: Record<string, unknown>,
  path: readonly (string | number)[],
  value: unknown,
): Record<string, unknown> {
  return setIn(root, path, 0, value) as Record<string, unknown>;
}

function setIn(
  at: unknown,
  path: readonly (string | number)[],
  i: number,
  value: unknown,
): unknown {
  if (i === path.length) return value;
  const key = path[i]!;
  if (Array.isArray(at) || (at === undefined && typeof key === 'number')) {
    const list = Array.isArray(at) ? [...(at as unknown[])] : [];
    const idx = Number(key);
    const next = setIn(list[idx], path, i + 1, value);
    if (next === undefined && i === path.length - 1) list.splice(idx, 1);
    else list[idx] = next;
    return list;
  }
  const obj: Record<string, unknown> =
    at !== null && typeof at === 'object' ? { ...(at as Record<string, unknown>) } : {};
  const next = setIn(obj[key], path, i + 1, value);
  if (next === undefined) delete obj[key];
  else obj[key] = next;
  return obj;
}

/**
 * Params of a new node: the schema's defaults, plus the operator example's value for every
 * required param without a default, so a node dropped on the canvas is as valid as it can be.
 * `extraFromExample` names more params to take from the example (those a stricter check asks for).
 */
export function initialParams(
  schema: JsonSchema,
  example: Record<string, unknown>,
  extraFromExample: readonly string[] = [],
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.default !== undefined) params[key] = structuredClone(prop.default);
    else if ((required.has(key) || extraFromExample.includes(key)) && key in example) {
      params[key] = structuredClone(example[key]);
    }
  }
  return params;
}

/** The first few params as one short line for the node card: `expr: amount > 1000`. */
export function paramSummary(params: Record<string, unknown>, maxLength = 48): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const text = shortValue(value);
    if (text !== '') parts.push(`${key}: ${text}`);
  }
  const line = parts.join(' · ');
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

function shortValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    return value
      .map((v) =>
        v !== null && typeof v === 'object'
          ? String(Object.values(v as Record<string, unknown>)[0] ?? '')
          : String(v),
      )
      .join(', ');
  }
  return `{${Object.keys(value as Record<string, unknown>).join(', ')}}`;
}
