import { descriptions } from '@rivulet/operators/descriptions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { initialParams, type JsonSchema } from './schema';
import { applies, conform, editParams, reshaped } from './conditional';

/** An operator's params schema as the catalogue serves it to the forms. */
function schemaOf(type: string): JsonSchema {
  const op = descriptions.find((o) => o.type === type)!;
  return z.toJSONSchema(op.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const window = schemaOf('window');
const generator = schemaOf('source.generator');
const topN = schemaOf('topN');

const shown = (schema: JsonSchema, value: Record<string, unknown>) =>
  Object.keys(schema.properties!).filter((k) => applies(schema, value, k));

describe('conditional params', () => {
  it('a window shows the params of its kind, tumbling when the kind is absent', () => {
    expect(shown(window, {})).toEqual(['kind', 'size', 'allowedLateness', 'aggregations']);
    expect(shown(window, { kind: 'sliding' })).toEqual([
      'kind',
      'size',
      'slide',
      'allowedLateness',
      'aggregations',
    ]);
    expect(shown(window, { kind: 'session' })).toEqual([
      'kind',
      'gap',
      'allowedLateness',
      'aggregations',
    ]);
  });

  it('changing the kind removes the params that no longer apply from the stored params', () => {
    const sliding = { kind: 'sliding', size: '1m', slide: '10s', allowedLateness: 0 };
    expect(editParams(window, sliding, ['kind'], 'session')).toEqual({
      kind: 'session',
      allowedLateness: 0,
    });
    expect(editParams(window, sliding, ['kind'], 'tumbling')).toEqual({
      kind: 'tumbling',
      size: '1m',
      allowedLateness: 0,
    });
    expect(
      reshaped(sliding, editParams(window, sliding, ['kind'], 'tumbling'), ['kind'], 'tumbling'),
    ).toBe(true);
    // A plain edit changes nothing else.
    const next = editParams(window, sliding, ['size'], '2m');
    expect(next).toEqual({ ...sliding, size: '2m' });
    expect(reshaped(sliding, next, ['size'], '2m')).toBe(false);
  });

  it("a generator keeps only its scenario's options, with their defaults when switched to", () => {
    const all = {
      scenario: 'clickstream',
      seed: 1,
      users: 1000,
      items: 500,
      categories: 20,
      cards: 5000,
      vehicles: 50,
    };
    expect(conform(generator, all)).toEqual({
      scenario: 'clickstream',
      seed: 1,
      users: 1000,
      items: 500,
      categories: 20,
    });
    expect(editParams(generator, all, ['scenario'], 'transactions')).toEqual({
      scenario: 'transactions',
      seed: 1,
      cards: 5000,
      merchants: 300,
      fraudRate: 0.002,
    });
    expect(shown(generator, { scenario: 'sensors' })).toEqual(
      expect.arrayContaining(['scenario', 'seed', 'vehicles', 'routes']),
    );
    expect(shown(generator, { scenario: 'sensors' })).not.toContain('users');
  });

  it("a new generator node starts with its default scenario's options only", () => {
    const op = descriptions.find((o) => o.type === 'source.generator')!;
    const fresh = conform(generator, initialParams(generator, op.docs.example)) as Record<
      string,
      unknown
    >;
    const scenario = fresh.scenario ?? generator.properties!.scenario!.default;
    for (const key of Object.keys(generator.properties!)) {
      if (key in fresh) expect(applies(generator, { scenario }, key)).toBe(true);
    }
    expect(Object.keys(fresh).length).toBeLessThan(Object.keys(generator.properties!).length);
  });

  it('works in nested objects: the slide of a topN window', () => {
    const params = { n: 3, by: 'amount', window: { kind: 'sliding', size: '1m', slide: '10s' } };
    expect(editParams(topN, params, ['window', 'kind'], 'tumbling')).toEqual({
      n: 3,
      by: 'amount',
      window: { kind: 'tumbling', size: '1m' },
    });
    const nested = topN.properties!.window!;
    expect(applies(nested, { kind: 'tumbling' }, 'slide')).toBe(false);
    expect(applies(nested, { kind: 'sliding' }, 'slide')).toBe(true);
  });

  it('leaves params of an operator without showWhen untouched (the same object)', () => {
    const filter = schemaOf('filter');
    const params = { expr: 'amount > 1' };
    expect(conform(filter, params)).toBe(params);
  });
});
