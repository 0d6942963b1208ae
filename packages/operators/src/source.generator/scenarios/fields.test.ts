import { describe, expect, it } from 'vitest';
import { GeneratorParams, type ScenarioName } from '../params.js';
import { openStream } from '../runtime.js';
import { SCENARIO_FIELDS } from './index.js';

describe('SCENARIO_FIELDS', () => {
  const names = GeneratorParams.shape.scenario.unwrap().options as readonly ScenarioName[];

  it.each(names)('lists exactly the fields of every %s record, in order', (scenario) => {
    const { stream } = openStream(GeneratorParams.parse({ scenario }), 0);
    const expected = SCENARIO_FIELDS[scenario].join();
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const keys = Object.keys(stream.next()).join();
      if (keys !== expected) wrong.push(keys);
    }
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('names every scenario the params accept', () => {
    expect(Object.keys(SCENARIO_FIELDS).sort()).toEqual([...names].sort());
  });
});
