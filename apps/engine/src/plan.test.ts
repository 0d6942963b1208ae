import { describe, expect, it } from 'vitest';
import { planPipeline, type NodePlan, type Plan } from './plan.js';
import { validatePipeline } from './validate.js';

const source = (id: string) => ({
  id,
  type: 'source.file',
  params: { path: `${id}.jsonl`, eventTime: { field: 'ts' } },
});
const keyBy = (id: string, fields: string[]) => ({ id, type: 'keyBy', params: { fields } });
const sink = (id: string) => ({ id, type: 'sink.console', params: {} });

function plan(nodes: unknown[], edges: unknown[]): Plan {
  const valid = validatePipeline({ version: 1, name: 't', nodes, edges });
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  return planPipeline(valid.value);
}

const node = (p: Plan, id: string): NodePlan => p.byId.get(id)!;
const keys = (p: Plan) => Object.fromEntries(p.nodes.map((n) => [n.node.id, n.keyFields]));
const targetsOf = (p: Plan, id: string, port: string) =>
  node(p, id)
    .outgoing.get(port)
    ?.map((e) => e.target);

describe('planPipeline', () => {
  it('passes the key fields of a keyBy down a chain, through ports other than out', () => {
    const p = plan(
      [
        sink('out'),
        sink('bad'),
        { id: 'big', type: 'filter', params: { expr: 'amount > 1000' } },
        keyBy('byCard', ['card']),
        source('tx'),
      ],
      [
        { source: 'tx', target: 'byCard' },
        { source: 'byCard', target: 'big' },
        { source: 'big', target: 'out' },
        { source: 'big', sourceHandle: 'errors', target: 'bad' },
      ],
    );
    expect(p.nodes.map((n) => n.node.id).slice(0, 3)).toEqual(['tx', 'byCard', 'big']);
    expect(keys(p)).toEqual({
      tx: null,
      byCard: ['card'],
      big: ['card'],
      out: ['card'],
      bad: ['card'],
    });
    expect(targetsOf(p, 'big', 'out')).toEqual(['out']);
    expect(targetsOf(p, 'big', 'errors')).toEqual(['bad']);
    expect(node(p, 'out').outgoing.size).toBe(0);
    expect(node(p, 'big').watermarkTargets.map(({ target, slot }) => ({ target, slot }))).toEqual([
      { target: 'out', slot: 0 },
      { target: 'bad', slot: 0 },
    ]);
    expect(p.nodes.map((n) => n.inputs)).toEqual([0, 1, 1, 1, 1]);
    expect(node(p, 'big').incoming.map((e) => e.source)).toEqual(['byCard']);
  });

  it('gives an unkeyed stream after a union of differently keyed inputs, a keyed one when alike', () => {
    const union = (k2: string[]) =>
      plan(
        [
          source('a'),
          source('b'),
          keyBy('k1', ['user']),
          keyBy('k2', k2),
          { id: 'u', type: 'union', params: {} },
          sink('out'),
        ],
        [
          { source: 'a', target: 'k1' },
          { source: 'b', target: 'k2' },
          { source: 'k1', target: 'u' },
          { source: 'k2', target: 'u' },
          { source: 'u', target: 'out' },
        ],
      );
    const differently = union(['item']);
    expect(node(differently, 'u').keyFields).toBeNull();
    expect(node(differently, 'out').keyFields).toBeNull();
    const alike = union(['user']);
    expect(node(alike, 'u').keyFields).toEqual(['user']);
    expect(node(alike, 'out').keyFields).toEqual(['user']);
    expect(node(alike, 'u').inputs).toBe(2);
  });

  it("gives each of a join's inputs its own watermark slot, in edge order", () => {
    const p = plan(
      [
        source('clicks'),
        source('buys'),
        keyBy('k1', ['user']),
        keyBy('k2', ['user']),
        { id: 'j', type: 'join.interval', params: { lowerBound: 0, upperBound: '5s' } },
        sink('out'),
      ],
      [
        { source: 'clicks', target: 'k1' },
        { source: 'buys', target: 'k2' },
        { source: 'k2', target: 'j', targetHandle: 'right' },
        { source: 'k1', target: 'j', targetHandle: 'left' },
        { source: 'j', target: 'out' },
      ],
    );
    const j = node(p, 'j');
    expect(j.inputs).toBe(2);
    expect(j.incoming.map((e) => e.targetHandle)).toEqual(['right', 'left']);
    expect(node(p, 'k2').watermarkTargets).toMatchObject([{ target: 'j', slot: 0 }]);
    expect(node(p, 'k1').watermarkTargets).toMatchObject([{ target: 'j', slot: 1 }]);
    expect(j.keyFields).toEqual(['user']);
    expect(node(p, 'out').inputs).toBe(1);
  });

  it('finds the sources upstream of each node, each once, after a union', () => {
    const p = plan(
      [
        source('a'),
        source('b'),
        { id: 'fa', type: 'filter', params: { expr: 'true' } },
        { id: 'fb', type: 'filter', params: { expr: 'true' } },
        { id: 'u', type: 'union', params: {} },
        { id: 'u2', type: 'union', params: {} },
        sink('out'),
      ],
      [
        { source: 'b', target: 'fb' },
        { source: 'a', target: 'fa' },
        { source: 'fa', target: 'u' },
        { source: 'fb', target: 'u' },
        { source: 'u', target: 'u2' },
        { source: 'fa', target: 'u2' },
        { source: 'u2', target: 'out' },
      ],
    );
    expect(node(p, 'a').sources).toEqual(['a']);
    expect(node(p, 'fb').sources).toEqual(['b']);
    expect(node(p, 'u').sources).toEqual(['a', 'b']);
    expect(node(p, 'out').sources).toEqual(['a', 'b']);
  });
});
