import { referencedFields, SCENARIO_FIELDS } from '@rivulet/operators/descriptions';
import { downstreamOf, upstreamOf, type GraphIndex } from './lookup';
import { fieldKind, type JsonSchema } from './schema';
import type { Catalogue } from './types';

/**
 * Fields the generator's scenarios emit, from the operators package (tested there against the
 * records). A fallback for autocomplete before any run has shown real samples; keyed by the
 * value of a param named `scenario`, so no operator is named here.
 */
const scenarioFields: Readonly<Record<string, readonly string[]>> = SCENARIO_FIELDS;

/** Field names a param mentions, read through its schema (generic over operators). */
function fieldsInParams(schema: JsonSchema, value: unknown, key: string, out: Set<string>): void {
  if (value === undefined || value === null) return;
  const kind = fieldKind(schema);
  if (kind === 'expression' && typeof value === 'string') {
    for (const f of referencedFields(value)) out.add(f);
    return;
  }
  if (kind === 'record' && typeof value === 'object') {
    // A record of expressions names its output fields by its keys (map's `fields`).
    const child = schema.additionalProperties as JsonSchema;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out.add(k);
      fieldsInParams(child, v, k, out);
    }
    return;
  }
  if (kind === 'object' && typeof value === 'object') {
    for (const [k, child] of Object.entries(schema.properties ?? {})) {
      fieldsInParams(child, (value as Record<string, unknown>)[k], k, out);
    }
    return;
  }
  if (kind === 'object-list' && Array.isArray(value)) {
    for (const item of value) fieldsInParams(schema.items!, item, key, out);
    return;
  }
  // Params that name fields: `field`, `fields`, `labelField`, `as` (an output name)…
  const namesField = /field|^as$/i.test(key);
  if (namesField && typeof value === 'string' && value !== '') out.add(value);
  if (namesField && kind === 'string-list' && Array.isArray(value)) {
    for (const v of value) if (typeof v === 'string' && v !== '') out.add(v);
  }
  if (key === 'scenario' && typeof value === 'string') {
    for (const f of scenarioFields[value] ?? []) out.add(f);
  }
}

/**
 * Field names to offer in an expression of `nodeId`: keys of sample records seen anywhere on the
 * streams that feed it (samples come from sinks, downstream of its inputs, when a run showed some),
 * then every field its upstream nodes' params mention.
 */
export function autocompleteFields(
  nodeId: string,
  index: GraphIndex,
  catalogue: Catalogue,
  samples: (nodeId: string) => readonly unknown[] = () => [],
): string[] {
  const out = new Set<string>();
  const upstream = upstreamOf(index, nodeId);
  for (const id of downstreamOf(index, upstream.length > 0 ? upstream : [nodeId])) {
    for (const record of samples(id).slice(0, 20)) {
      if (record !== null && typeof record === 'object') {
        for (const k of Object.keys(record as Record<string, unknown>)) out.add(k);
      }
    }
  }
  for (const id of upstream) {
    const node = index.nodeById.get(id);
    const entry = node && catalogue.get(node.type);
    if (!node || !entry) continue;
    fieldsInParams(entry.paramsSchema as JsonSchema, node.params, '', out);
  }
  return [...out].sort((a, b) => a.localeCompare(b));
}
