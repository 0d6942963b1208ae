import { describe, expect, it } from 'vitest';
import { GeneratorParams } from '../params.js';
import { SCENARIO_FIELDS, SCENARIO_NAMES, SCENARIO_TRUTH_FIELDS } from './definitions.js';

describe('definitions', () => {
  it('name the scenarios the params accept, each with its fields and truth fields', () => {
    expect([...SCENARIO_NAMES]).toEqual(GeneratorParams.shape.scenario.unwrap().options);
    for (const name of SCENARIO_NAMES) {
      expect(SCENARIO_FIELDS[name]).toContain('ts');
      for (const field of SCENARIO_TRUTH_FIELDS[name])
        expect(SCENARIO_FIELDS[name]).toContain(field);
    }
  });
});
