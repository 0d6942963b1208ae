/**
 * Which fields each node of a pipeline receives and emits, derived from its sources and its
 * operators' params, and the warnings about params that name a field no input carries.
 *
 * One framework-free module for the server (`POST /api/fields`) and the web (forms and
 * autocomplete). The document is read as written (params not yet parsed, defaults absent):
 * this runs on documents being edited, valid or not. A node's fields are `null` when they
 * cannot be known (a Kafka or MQTT source, a file not sampled, a cycle): no warning is ever
 * raised from an unknown.
 */
import type { PipelineDocument, Problem } from '@rivulet/shared-types';
import { DEFAULT_SOURCE_HANDLE, DEFAULT_TARGET_HANDLE } from '@rivulet/shared-types';
import { z } from 'zod';
import { referencedFields } from '../expr/index.js';
import { splitCsvLine } from './parse.js';
import { descriptions as operators } from '../descriptions-list.js';
import { SCENARIO_FIELDS } from '../source.generator/scenarios/definitions.js';

/** Field names, in order; `null`: unknown. */
export type Fields = readonly string[] | null;

export interface NodeFields {
  /** What the node receives on its inputs together (null if any input is unknown, or none). */
  inputs: Fields;
  /** What it emits on its main output port. */
  outputs: Fields;
}

/** Fields of what a node reads from outside the pipeline: a file source's file, a lookup table. */
export type ExternalFields = (nodeId: string) => Fields;

type Params = Record<string, unknown>;

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const unique = (names: Iterable<string>): string[] => [...new Set(names)];

/** The output fields of one node, from its params and its input fields (per input port). */
function outputsOf(
  type: string,
  params: Params,
  input: (port?: string) => Fields,
  external: Fields,
  keyFields: readonly string[],
): Fields {
  switch (type) {
    case 'source.generator':
      return (
        SCENARIO_FIELDS[str(params.scenario, 'clickstream') as keyof typeof SCENARIO_FIELDS] ?? null
      );
    case 'source.file':
      return external;
    case 'source.kafka':
    case 'source.mqtt':
      return null;
    case 'map': {
      const computed = Object.keys(
        params.fields !== null && typeof params.fields === 'object' ? params.fields : {},
      );
      if (params.keep === false) return computed;
      const inp = input();
      return inp === null ? null : unique([...inp, ...computed]);
    }
    case 'window':
      return unique([
        ...keyFields,
        'windowStart',
        'windowEnd',
        ...(Array.isArray(params.aggregations)
          ? params.aggregations
              .map((a: unknown) => str((a as Params | null)?.as, ''))
              .filter(Boolean)
          : ['count']),
      ]);
    case 'pattern':
      return unique([
        ...keyFields,
        'matchStart',
        'matchEnd',
        ...(Array.isArray(params.steps)
          ? params.steps.map((s: unknown) => str((s as Params | null)?.name, '')).filter(Boolean)
          : []),
      ]);
    case 'topN': {
      const inp = input();
      return inp === null ? null : unique([...inp, 'rank', 'windowStart', 'windowEnd']);
    }
    case 'join.interval': {
      const left = input('left');
      const right = input('right');
      if (left === null || right === null) return null;
      const lp = str(params.leftPrefix, '');
      const rp = str(params.rightPrefix, 'right_');
      return unique([...left.map((f) => lp + f), ...right.map((f) => rp + f)]);
    }
    case 'join.lookup': {
      const inp = input();
      if (inp === null || external === null) return null;
      const prefix = str(params.prefix, '');
      return unique([...inp, ...external.map((f) => prefix + f)]);
    }
    default: {
      // filter, keyBy, dedupe, union, sinks…: records pass through unchanged.
      const known = operators.some((op) => op.type === type);
      return known ? input() : null;
    }
  }
}

/** Fields each node of the document receives and emits. */
export function deriveFields(
  doc: Pick<PipelineDocument, 'nodes' | 'edges'>,
  external: ExternalFields = () => null,
): Map<string, NodeFields> {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, { source: string; port: string; from: string }[]>();
  for (const e of doc.edges) {
    const list = incoming.get(e.target) ?? [];
    list.push({
      source: e.source,
      port: e.targetHandle ?? DEFAULT_TARGET_HANDLE,
      from: e.sourceHandle ?? DEFAULT_SOURCE_HANDLE,
    });
    incoming.set(e.target, list);
  }
  const out = new Map<string, Fields>();
  const keys = new Map<string, string[]>();
  const visiting = new Set<string>();

  /** What `id` emits on `port`: its main output, or on a side port, its input unchanged. */
  const portFields = (id: string, port: string): Fields => {
    if (port === DEFAULT_SOURCE_HANDLE) return outputOf(id);
    if (port === 'late') return inputOf(id);
    return null; // errors and other side ports: records with added reasons
  };
  const inputOf = (id: string, port?: string): Fields => {
    const ins = (incoming.get(id) ?? []).filter((e) => port === undefined || e.port === port);
    if (ins.length === 0) return null;
    const all: string[] = [];
    for (const e of ins) {
      const f = portFields(e.source, e.from);
      if (f === null) return null;
      all.push(...f);
    }
    return unique(all);
  };
  /** The key fields of the stream `id` receives: from the nearest keyBy upstream. */
  const keyOf = (id: string): string[] => {
    if (keys.has(id)) return keys.get(id)!;
    keys.set(id, []);
    const found = unique(
      (incoming.get(id) ?? []).flatMap((e) => {
        const src = nodes.get(e.source);
        if (!src) return [];
        if (src.type === 'keyBy') return strings(src.params.fields);
        if (src.type === 'window' || src.type === 'pattern') return [];
        return keyOf(e.source);
      }),
    );
    keys.set(id, found);
    return found;
  };
  const outputOf = (id: string): Fields => {
    if (out.has(id)) return out.get(id)!;
    const node = nodes.get(id);
    if (!node || visiting.has(id)) return null;
    visiting.add(id);
    const result = outputsOf(
      node.type,
      node.params,
      (port) => inputOf(id, port),
      external(id),
      keyOf(id),
    );
    visiting.delete(id);
    out.set(id, result);
    return result;
  };

  const result = new Map<string, NodeFields>();
  for (const n of doc.nodes) result.set(n.id, { inputs: inputOf(n.id), outputs: outputOf(n.id) });
  return result;
}

/** The fields of a CSV input: its header row's cells, as the file source reads them. */
export function csvHeaderFields(line: string): Fields {
  const cells = splitCsvLine(line.replace(/^\uFEFF/, ''));
  return cells === null ? null : unique(cells.filter((c) => c !== ''));
}

// ---------------------------------------------------------------------------------------------
// Warnings

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The known field closest to `name`, when close enough to be a typo. */
export function closestField(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

interface SchemaNode {
  format?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
}

const schemas = new Map<string, SchemaNode | null>();
function paramsSchema(type: string): SchemaNode | null {
  if (!schemas.has(type)) {
    const op = operators.find((o) => o.type === type);
    schemas.set(
      type,
      op
        ? (z.toJSONSchema(op.params, { io: 'input', unrepresentable: 'any' }) as SchemaNode)
        : null,
    );
  }
  return schemas.get(type)!;
}

/** Params (by key) that name a field of the input record rather than hold an expression. */
const FIELD_NAME_PARAMS = new Set(['field', 'fields', 'by', 'partitionBy', 'on', 'labelField']);

/** Each field a node's params read from its input, with the param's path. */
function fieldsRead(
  schema: SchemaNode,
  value: unknown,
  path: (string | number)[],
  out: { path: (string | number)[]; field: string }[],
): void {
  if (value === undefined || value === null) return;
  if (schema.format === 'expression') {
    if (typeof value === 'string')
      for (const field of referencedFields(value)) out.push({ path, field });
    return;
  }
  const key = path[path.length - 1];
  if (typeof key === 'string' && FIELD_NAME_PARAMS.has(key)) {
    if (typeof value === 'string') {
      if (value !== '') out.push({ path, field: value });
      return;
    }
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      value.forEach((v: string) => {
        if (v !== '') out.push({ path, field: v });
      });
      return;
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) => fieldsRead(schema.items!, v, [...path, i], out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Params)) {
      const child =
        schema.properties?.[k] ??
        (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (child) fieldsRead(child, v, [...path, k], out);
    }
  }
}

/** A field a node's params read from its input: the param's path, and the expression if any. */
export interface FieldRead {
  path: (string | number)[];
  field: string;
}

/**
 * Every field a node's params read from its input records (expressions' top-level fields and
 * params that name a field), as written; [] for an unknown type.
 */
export function nodeFieldReads(node: { type: string; params?: Params }): FieldRead[] {
  const schema = paramsSchema(node.type);
  const reads: FieldRead[] = [];
  if (schema !== null) fieldsRead(schema, node.params ?? {}, [], reads);
  return reads;
}

/**
 * A warning for each param that reads a field the node does not receive (known inputs only).
 * Warnings never stop a run: the expression is valid, it just reads null.
 */
export function fieldWarnings(
  doc: Pick<PipelineDocument, 'nodes' | 'edges'>,
  fields: ReadonlyMap<string, NodeFields>,
): Problem[] {
  const warnings: Problem[] = [];
  for (const node of doc.nodes) {
    const inputs = fields.get(node.id)?.inputs ?? null;
    const schema = paramsSchema(node.type);
    if (inputs === null || schema === null || node.type.startsWith('source.')) continue;
    // join.lookup's `key` names the table's field; `on` the record's, as read here.
    const reads: { path: (string | number)[]; field: string }[] = [];
    fieldsRead(schema, node.params ?? {}, [], reads);
    const known = new Set(inputs);
    for (const { path, field } of reads) {
      if (known.has(field)) continue;
      const close = closestField(field, inputs);
      warnings.push({
        nodeId: node.id,
        path,
        message:
          `"${field}" is not a field this node receives` +
          (close !== null
            ? `: did you mean ${close}?`
            : ` (it receives ${inputs.slice(0, 8).join(', ')}${inputs.length > 8 ? ', …' : ''})`),
      });
    }
  }
  return warnings;
}
