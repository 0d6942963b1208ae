/**
 * Params that apply only with some values of another: a property's JSON Schema may carry
 * `showWhen: { kind: ['sliding'] }` (zod `.meta`, in the operator's params file), naming a
 * sibling and the values with which the property is shown and stored. Generic: nothing here
 * knows an operator.
 */
import { setAtPath, type JsonSchema } from './schema';

type Obj = Record<string, unknown>;
type ShowWhen = Readonly<Record<string, readonly unknown[]>>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function showWhenOf(schema: JsonSchema): ShowWhen | null {
  const sw = (schema as { showWhen?: unknown }).showWhen;
  return isObj(sw) ? (sw as ShowWhen) : null;
}

/** Whether property `key` of an object schema applies, given the object's current values. */
export function applies(schema: JsonSchema, value: unknown, key: string): boolean {
  const prop = schema.properties?.[key];
  const when = prop && showWhenOf(prop);
  if (!when) return true;
  const obj = isObj(value) ? value : {};
  return Object.entries(when).every(([sibling, allowed]) => {
    const v = obj[sibling] ?? schema.properties?.[sibling]?.default;
    return allowed.includes(v);
  });
}

/**
 * The object with the properties that do not apply removed, and those that newly apply and have
 * a default given it, in nested objects too. Returns `value` itself when nothing changes.
 */
export function conform(schema: JsonSchema, value: unknown): unknown {
  if (!isObj(value) || !schema.properties) return value;
  let out: Obj | null = null;
  const edit = (): Obj => (out ??= { ...value });
  for (const [key, prop] of Object.entries(schema.properties)) {
    const present = key in value;
    if (!applies(schema, value, key)) {
      if (present) delete edit()[key];
      continue;
    }
    if (!present && showWhenOf(prop) && prop.default !== undefined) {
      edit()[key] = structuredClone(prop.default);
    } else if (present && isObj(value[key])) {
      const inner = conform(prop, value[key]);
      if (inner !== value[key]) edit()[key] = inner;
    }
  }
  return out ?? value;
}

/** Params after setting `path` to `value`: the edit, then only the params that apply. */
export function editParams(
  schema: JsonSchema,
  params: Obj,
  path: readonly (string | number)[],
  value: unknown,
): Obj {
  return conform(schema, setAtPath(params, path, value)) as Obj;
}

/** True when `next` differs from a plain set of `path` (another param came or went). */
export function reshaped(
  params: Obj,
  next: Obj,
  path: readonly (string | number)[],
  value: unknown,
): boolean {
  return JSON.stringify(setAtPath(params, path, value)) !== JSON.stringify(next);
}
