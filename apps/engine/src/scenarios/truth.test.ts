import {
  deriveFields,
  nodeFieldReads,
  registry,
  SCENARIO_TRUTH_FIELDS,
  type Fields,
} from '@rivulet/operators';
import type { PipelineDocument, PipelineTemplate } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { templates } from '../server/templates/index.js';
import { templateDataFiles } from './index.js';

/** A dashboard that shows the ground truth, for comparison: the one place truth may reach. */
const isGroundTruthWidget = (node: PipelineDocument['nodes'][number]) =>
  node.type === 'sink.dashboard' && /^Ground truth\b/.test(String(node.params.title ?? ''));

const isSink = (type: string) => registry.get(type)?.kind === 'sink';

/** The truth fields of the template's generators' scenarios. */
function truthOf(doc: PipelineDocument): Set<string> {
  const truth = new Set<string>();
  for (const n of doc.nodes)
    if (n.type === 'source.generator')
      for (const f of SCENARIO_TRUTH_FIELDS[
        String(n.params.scenario ?? 'clickstream') as keyof typeof SCENARIO_TRUTH_FIELDS
      ])
        truth.add(f);
  return truth;
}

/** Nodes that exist only for ground-truth widgets: every sink they reach is one. */
function truthOnly(doc: PipelineDocument): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const sinksFrom = (id: string, seen = new Set<string>()): string[] => {
    if (seen.has(id)) return [];
    seen.add(id);
    const node = byId.get(id)!;
    if (isSink(node.type)) return [id];
    return (next.get(id) ?? []).flatMap((t) => sinksFrom(t, seen));
  };
  return new Set(
    doc.nodes
      .filter((n) => {
        const sinks = sinksFrom(n.id);
        return sinks.length > 0 && sinks.every((s) => isGroundTruthWidget(byId.get(s)!));
      })
      .map((n) => n.id),
  );
}

/** The param at a path, and an expression's text without its string literals. */
const at = (params: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | null)?.[k], params);
const withoutLiterals = (text: string) =>
  text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");

/** The columns of the lookup tables the templates read, by file name. */
const tableColumns = new Map<string, string[]>(
  templateDataFiles().map((f) => [
    f.path,
    Object.keys(JSON.parse(f.lines[0] ?? '{}') as Record<string, unknown>),
  ]),
);

/** Where a template reads or shows a truth field outside a ground-truth widget. */
export function truthLeaks(t: PipelineTemplate): string[] {
  const doc = t.document;
  const truth = truthOf(doc);
  if (truth.size === 0) return [];
  const exempt = truthOnly(doc);
  const word = new RegExp(`\\b(${[...truth].join('|')})\\b`);
  const leaks: string[] = [];
  for (const node of doc.nodes) {
    if (exempt.has(node.id) || node.type.startsWith('source.')) continue;
    // Reads: expressions, keys, join and pattern conditions, fields a widget shows; and in the
    // expressions, nested reads (a pattern step's `step.isFraud`), string literals aside.
    for (const { path, field } of nodeFieldReads(node)) {
      const where = `${node.id}.${path.join('.')}`;
      if (truth.has(field)) leaks.push(`${where} reads ${field}`);
      const text = at(node.params, path);
      const nested = typeof text === 'string' ? word.exec(withoutLiterals(text)) : null;
      if (nested && nested[1] !== field) leaks.push(`${where} reads ${nested[1]}`);
    }
  }
  // Shows: a sink other than a ground-truth widget receives records that still carry truth.
  const external = (id: string): Fields => {
    const node = doc.nodes.find((n) => n.id === id);
    return node?.type === 'join.lookup'
      ? (tableColumns.get(String(node.params.path)) ?? null)
      : null;
  };
  const fields = deriveFields(doc, external);
  for (const node of doc.nodes) {
    if (!isSink(node.type) || isGroundTruthWidget(node)) continue;
    const inputs = fields.get(node.id)?.inputs;
    expect(inputs, `${t.slug}: the fields reaching ${node.id} are known`).not.toBeNull();
    for (const f of inputs ?? [])
      if (truth.has(f)) leaks.push(`${node.id} receives ${f} (drop it before any other sink)`);
  }
  return [...new Set(leaks)];
}

const withTruth = templates.filter((t) => truthOf(t.document).size > 0);

describe('ground truth stays out of the pipelines', () => {
  it('the gallery has templates on labelled generators to check', () => {
    expect(withTruth.length).toBeGreaterThanOrEqual(5);
  });

  it.each(withTruth.map((t) => [t.slug, t] as const))(
    '%s reads and shows no truth field outside a "Ground truth" widget',
    (_slug, t) => {
      expect(truthLeaks(t)).toEqual([]);
    },
  );

  it('lookup tables hold no truth field', () => {
    const truth = new Set(Object.values(SCENARIO_TRUTH_FIELDS).flat());
    for (const [path, columns] of tableColumns)
      expect(
        columns.filter((c) => truth.has(c)),
        path,
      ).toEqual([]);
  });

  it('finds a leak in each way one can happen', () => {
    const base = withTruth.find((t) => t.scenario === 'transactions')!;
    const source = base.document.nodes.find((n) => n.type === 'source.generator')!;
    const doc = (
      nodes: PipelineDocument['nodes'],
      edges: [string, string][],
    ): PipelineTemplate => ({
      ...base,
      document: {
        version: 1,
        name: 'leak',
        nodes: [source, ...nodes],
        edges: edges.map(([s, t], i) => ({ id: `e${i}`, source: s, target: t })),
      },
    });
    const table = (title: string) => ({
      id: 'sink',
      type: 'sink.dashboard',
      params: { title, widget: 'table' },
    });
    // An expression, a key, a nested read in a pattern's output, a record shown whole.
    const filter = { id: 'f', type: 'filter', params: { expr: 'isFraud && amount > 1' } };
    const key = { id: 'k', type: 'keyBy', params: { fields: ['fraudType'] } };
    const nested = { id: 'm', type: 'map', params: { fields: { x: 'step.isFraud' }, keep: false } };
    const keep = { id: 'm', type: 'map', params: { fields: { x: 'amount' } } };
    const drop = { id: 'm', type: 'map', params: { fields: { x: 'amount' }, keep: false } };
    const id = source.id;
    expect(
      truthLeaks(
        doc(
          [filter, drop, table('Alerts')],
          [
            [id, 'f'],
            ['f', 'm'],
            ['m', 'sink'],
          ],
        ),
      ),
    ).toEqual(['f.expr reads isFraud']);
    expect(
      truthLeaks(
        doc(
          [key, drop, table('Alerts')],
          [
            [id, 'k'],
            ['k', 'm'],
            ['m', 'sink'],
          ],
        ),
      ),
    ).toContain('k.fields reads fraudType');
    expect(
      truthLeaks(
        doc(
          [nested, table('Alerts')],
          [
            [id, 'm'],
            ['m', 'sink'],
          ],
        ),
      ),
    ).toEqual(['m.fields.x reads isFraud']);
    expect(
      truthLeaks(
        doc(
          [keep, table('Payments')],
          [
            [id, 'm'],
            ['m', 'sink'],
          ],
        ),
      ),
    ).toEqual([
      'sink receives isFraud (drop it before any other sink)',
      'sink receives fraudType (drop it before any other sink)',
    ]);
    // The same chains feeding only a widget titled as the ground truth are allowed.
    expect(
      truthLeaks(
        doc(
          [filter, table('Ground truth: labelled fraud')],
          [
            [id, 'f'],
            ['f', 'sink'],
          ],
        ),
      ),
    ).toEqual([]);
  });
});
