import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GeneratorParams } from '../source.generator/params.js';
import { SCENARIO_FIELDS } from '../source.generator/scenarios/index.js';
import { WindowParams } from '../window/params.js';
import { closestField, deriveFields, editDistance, fieldWarnings } from './schema-flow.js';

type Doc = Parameters<typeof deriveFields>[0];
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({
  id,
  type,
  params,
});
const edge = (source: string, target: string, targetHandle?: string, sourceHandle?: string) => ({
  source,
  target,
  ...(targetHandle ? { targetHandle } : {}),
  ...(sourceHandle ? { sourceHandle } : {}),
});
const FILE = ['ts', 'user', 'amount'];
const external = (id: string) => (id.startsWith('file') || id === 'lookup' ? FILE : null);

function fieldsOf(doc: Doc) {
  return deriveFields(doc, external);
}

describe('deriveFields', () => {
  it('a generator emits its scenario fields; clickstream by default', () => {
    const f = fieldsOf({
      nodes: [
        node('g', 'source.generator', { scenario: 'transactions' }),
        node('d', 'source.generator'),
      ],
      edges: [],
    });
    expect(f.get('g')!.outputs).toEqual(SCENARIO_FIELDS.transactions);
    expect(f.get('d')!.outputs).toEqual(SCENARIO_FIELDS.clickstream);
    expect(f.get('g')!.inputs).toBeNull();
  });

  it('a file source emits what was sampled; Kafka and MQTT are unknown', () => {
    const f = fieldsOf({
      nodes: [
        node('file', 'source.file', { path: 'a.jsonl' }),
        node('k', 'source.kafka'),
        node('m', 'source.mqtt'),
      ],
      edges: [],
    });
    expect(f.get('file')!.outputs).toEqual(FILE);
    expect(f.get('k')!.outputs).toBeNull();
    expect(f.get('m')!.outputs).toBeNull();
  });

  it('filter, keyBy, dedupe and sinks pass their input through', () => {
    const f = fieldsOf({
      nodes: [
        node('file', 'source.file'),
        node('f', 'filter', { expr: 'amount > 1' }),
        node('k', 'keyBy', { fields: ['user'] }),
        node('d', 'dedupe', { fields: ['user'], ttl: '1m' }),
        node('s', 'sink.console'),
      ],
      edges: [edge('file', 'f'), edge('f', 'k'), edge('k', 'd'), edge('d', 's')],
    });
    for (const id of ['f', 'k', 'd', 's']) expect(f.get(id)!.inputs).toEqual(FILE);
    expect(f.get('d')!.outputs).toEqual(FILE);
  });

  it('map adds its fields, or keeps only them', () => {
    const f = fieldsOf({
      nodes: [
        node('file', 'source.file'),
        node('m', 'map', { fields: { double: 'amount * 2' } }),
        node('only', 'map', { fields: { double: 'amount * 2' }, keep: false }),
      ],
      edges: [edge('file', 'm'), edge('file', 'only')],
    });
    expect(f.get('m')!.outputs).toEqual([...FILE, 'double']);
    expect(f.get('only')!.outputs).toEqual(['double']);
  });

  it('a window emits the key fields, its bounds and its aggregations; late passes input', () => {
    const f = fieldsOf({
      nodes: [
        node('file', 'source.file'),
        node('k', 'keyBy', { fields: ['user'] }),
        node('w', 'window', {
          size: '1m',
          aggregations: [{ fn: 'sum', field: 'amount', as: 'total' }],
        }),
        node('late', 'sink.console'),
        node('w2', 'window', { size: '1m' }),
      ],
      edges: [
        edge('file', 'k'),
        edge('k', 'w'),
        edge('w', 'late', undefined, 'late'),
        edge('file', 'w2'),
      ],
    });
    expect(f.get('w')!.outputs).toEqual(['user', 'windowStart', 'windowEnd', 'total']);
    expect(f.get('w2')!.outputs).toEqual(['windowStart', 'windowEnd', 'count']);
    expect(f.get('late')!.inputs).toEqual(FILE);
  });

  it('topN adds rank and bounds; pattern emits its steps', () => {
    const f = fieldsOf({
      nodes: [
        node('file', 'source.file'),
        node('t', 'topN', { n: 3, by: 'amount', window: { size: '1m' } }),
        node('p', 'pattern', { steps: [{ name: 'a', where: 'amount > 1' }], within: '1m' }),
      ],
      edges: [edge('file', 't'), edge('file', 'p')],
    });
    expect(f.get('t')!.outputs).toEqual([...FILE, 'rank', 'windowStart', 'windowEnd']);
    expect(f.get('p')!.outputs).toEqual(['matchStart', 'matchEnd', 'a']);
  });

  it('joins prefix each side; union merges; an unknown input makes the result unknown', () => {
    const f = fieldsOf({
      nodes: [
        node('file', 'source.file'),
        node('g', 'source.generator', { scenario: 'sensors' }),
        node('k', 'source.kafka'),
        node('j', 'join.interval', { lowerBound: '-1s', upperBound: '1s' }),
        node('lookup', 'join.lookup', { path: 't.jsonl', key: 'user', prefix: 't_' }),
        node('u', 'union'),
        node('u2', 'union'),
      ],
      edges: [
        edge('file', 'j', 'left'),
        edge('g', 'j', 'right'),
        edge('g', 'lookup'),
        edge('file', 'u'),
        edge('g', 'u'),
        edge('file', 'u2'),
        edge('k', 'u2'),
      ],
    });
    expect(f.get('j')!.outputs).toEqual([
      ...FILE,
      ...SCENARIO_FIELDS.sensors.map((s) => `right_${s}`),
    ]);
    expect(f.get('lookup')!.outputs).toEqual([
      ...SCENARIO_FIELDS.sensors,
      't_ts',
      't_user',
      't_amount',
    ]);
    expect(new Set(f.get('u')!.outputs)).toEqual(new Set([...FILE, ...SCENARIO_FIELDS.sensors]));
    expect(f.get('u2')!.outputs).toBeNull();
  });

  it('a cycle or an unknown operator gives unknown, not a crash', () => {
    const f = fieldsOf({
      nodes: [node('a', 'filter'), node('b', 'filter'), node('x', 'no.such')],
      edges: [edge('a', 'b'), edge('b', 'a')],
    });
    expect(f.get('a')!.outputs).toBeNull();
    expect(f.get('x')!.outputs).toBeNull();
  });
});

describe('fieldWarnings', () => {
  const doc = (params: Record<string, unknown>, type = 'filter', from = 'file') => ({
    nodes: [node('file', 'source.file'), node('k', 'source.kafka'), node('n', type, params)],
    edges: [edge(from, 'n')],
  });
  const warn = (d: Doc) => fieldWarnings(d, deriveFields(d, external));

  it('names the unknown field and the close one', () => {
    expect(warn(doc({ expr: 'amountt > 10' }))).toEqual([
      {
        nodeId: 'n',
        path: ['expr'],
        message: '"amountt" is not a field this node receives: did you mean amount?',
      },
    ]);
  });

  it('lists what it receives when nothing is close', () => {
    const [w] = warn(doc({ expr: 'zzzzzz > 1' }));
    expect(w!.message).toBe(
      '"zzzzzz" is not a field this node receives (it receives ts, user, amount)',
    );
  });

  it('is silent for known fields and unknown inputs', () => {
    expect(warn(doc({ expr: 'amount > 10 && user == "a"' }))).toEqual([]);
    expect(warn(doc({ expr: 'amountt > 10' }, 'filter', 'k'))).toEqual([]);
  });

  it('reads expressions inside records and lists, and field-naming params', () => {
    expect(warn(doc({ fields: { x: 'amout * 2' } }, 'map')).map((w) => w.path)).toEqual([
      ['fields', 'x'],
    ]);
    const w = warn(
      doc({ size: '1m', aggregations: [{ fn: 'sum', field: 'amont', as: 's' }] }, 'window'),
    );
    expect(w).toHaveLength(1);
    expect(w[0]!.path).toEqual(['aggregations', 0, 'field']);
    expect(w[0]!.message).toContain('did you mean amount?');
    expect(warn(doc({ fields: ['usr'] }, 'keyBy'))[0]!.message).toContain('did you mean user?');
  });
});

describe('closestField', () => {
  it('takes typos within a third of the length, case first', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestField('amountt', ['ts', 'amount'])).toBe('amount');
    expect(closestField('User', ['user', 'usr'])).toBe('user');
    expect(closestField('xyz', ['amount'])).toBeNull();
  });
});

describe('showWhen metadata in the forms’ JSON Schema', () => {
  it('window size/slide/gap and generator options name when they apply', () => {
    const w = z.toJSONSchema(WindowParams, { io: 'input' }) as {
      properties: Record<string, { showWhen?: unknown }>;
    };
    expect(w.properties.slide!.showWhen).toEqual({ kind: ['sliding'] });
    expect(w.properties.gap!.showWhen).toEqual({ kind: ['session'] });
    const g = z.toJSONSchema(GeneratorParams, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, { showWhen?: unknown }>;
    };
    expect(g.properties.users!.showWhen).toEqual({ scenario: ['clickstream'] });
    expect(g.properties.fraudRate!.showWhen).toEqual({ scenario: ['transactions'] });
    expect(g.properties.escalationRate!.showWhen).toEqual({ scenario: ['conversations'] });
    expect(g.properties.seed!.showWhen).toBeUndefined();
  });
});

describe('fieldWarnings on sinks', () => {
  it("checks a dashboard's field and labelField against what it receives", () => {
    const d = {
      nodes: [
        node('file', 'source.file'),
        node('dash', 'sink.dashboard', { widget: 'line', field: 'amout', labelField: 'user' }),
      ],
      edges: [edge('file', 'dash')],
    };
    const w = fieldWarnings(d, deriveFields(d, external));
    expect(w.map((x) => [x.path, x.message])).toEqual([
      [['field'], '"amout" is not a field this node receives: did you mean amount?'],
    ]);
  });
});

describe('deriveFields on the largest graph the validator accepts', () => {
  it('walks a chain of 1,000 nodes (1,999 items) without overflowing the stack', () => {
    const n = 1000;
    const nodes = [
      node('n0', 'source.generator'),
      ...Array.from({ length: n - 1 }, (_, i) => node(`n${i + 1}`, 'filter')),
    ];
    const edges = Array.from({ length: n - 1 }, (_, i) => edge(`n${i}`, `n${i + 1}`));
    expect(deriveFields({ nodes, edges }).get(`n${n - 1}`)!.inputs).toEqual(
      SCENARIO_FIELDS.clickstream,
    );
  });
});
