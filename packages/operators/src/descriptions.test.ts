import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import * as entry from './descriptions.js';
import { descriptionRegistry, descriptions } from './descriptions.js';
import { operators, registry } from './registry.js';

/** Everything of a definition but its runtime. */
function describedPart(def: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(def).filter(([field]) => field !== 'create'));
}

describe('descriptions', () => {
  it('list the operators of the runtime registry, in the same order', () => {
    expect(descriptions.map((d) => d.type)).toEqual(operators.map((op) => op.type));
    expect(descriptions.length).toBeGreaterThan(0);
    for (const d of descriptions) expect(descriptionRegistry.get(d.type)).toBe(d);
  });

  it.each(descriptions.map((d) => [d.type, d] as const))(
    '%s: the runtime is its description and a create',
    (type, d) => {
      const op = registry.get(type)!;
      expect(typeof op.create).toBe('function');
      expect('create' in d).toBe(false);
      // The same objects, not copies: a params schema edited in one place is edited in both.
      expect(op.params).toBe(d.params);
      expect(describedPart(op)).toEqual(d);
      for (const [field, value] of Object.entries(d))
        expect(op[field as keyof typeof op]).toBe(value);
      expect(z.toJSONSchema(op.params, { io: 'input', unrepresentable: 'any' })).toEqual(
        z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }),
      );
    },
  );

  it('the browser entry hands out no runtime', () => {
    const names = Object.keys(entry);
    expect(names).toContain('descriptions');
    expect(names).toContain('checkExpression');
    expect(names).toContain('deriveFields');
    for (const runtimeOnly of ['operators', 'registry', 'openStream', 'keyOf', 'noConnection'])
      expect(names).not.toContain(runtimeOnly);
  });
});
