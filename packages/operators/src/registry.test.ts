import { z } from 'zod';
import { GeneratorScenario } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { createRegistry, operators, registry } from './registry.js';
import { GeneratorParams } from './source.generator/params.js';

describe('registry', () => {
  it('refuses a type registered twice', () => {
    expect(() => createRegistry([operators[0]!, operators[0]!])).toThrow(/registered twice/);
  });

  it('finds every operator by type', () => {
    for (const op of operators) expect(registry.get(op.type)).toBe(op);
    expect(registry.get('nope')).toBeUndefined();
  });

  it.each(operators.map((op) => [op.type, op] as const))(
    '%s has docs, ports and an example that validates',
    (_type, op) => {
      expect(op.title.length).toBeGreaterThan(0);
      expect(op.summary.length).toBeGreaterThan(10);
      expect(op.summary.length).toBeLessThan(100);
      expect(op.docs.description.length).toBeGreaterThan(20);
      const parsed = op.params.safeParse(op.docs.example);
      expect(parsed.error?.issues ?? []).toEqual([]);
      if (op.kind === 'source') expect(op.inputs).toEqual([]);
      if (op.kind === 'sink') expect(op.outputs).toEqual([]);
      if (op.kind !== 'source') expect(op.inputs.length).toBeGreaterThan(0);
      // The canvas tells a source and a sink by their ports alone (shared-types' graph rules).
      if (op.kind !== 'sink') expect(op.outputs.length).toBeGreaterThan(0);
    },
  );

  it.each(operators.map((op) => [op.type, op] as const))(
    '%s refuses unknown params and has a JSON Schema for forms',
    (_type, op) => {
      const withExtra = { ...op.docs.example, surelyNotAParam: 1 };
      const parsed = op.params.safeParse(withExtra);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
      const schema = z.toJSONSchema(op.params, { io: 'input', unrepresentable: 'any' }) as {
        type?: string;
        properties?: object;
      };
      expect(schema.type).toBe('object');
    },
  );

  it("names the generator's scenarios as shared-types does", () => {
    const names = GeneratorParams.shape.scenario.unwrap().options;
    expect([...names].sort()).toEqual([...GeneratorScenario.options].sort());
  });
});
