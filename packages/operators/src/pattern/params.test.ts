import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PatternParams } from './params.js';

const a = { name: 'a', where: 'x > 1' };
const b = { name: 'b', where: "y == 'z'" };

function issues(raw: unknown) {
  const result = PatternParams.safeParse(raw);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}
const paths = (raw: unknown) => issues(raw).map((i) => i[0]);

describe('PatternParams', () => {
  it('parses the duration and fills the default skip strategy', () => {
    expect(PatternParams.parse({ steps: [a, { ...b, times: { min: 3 } }], within: '10m' })).toEqual(
      {
        steps: [a, { ...b, times: { min: 3 } }],
        within: 600_000,
        afterMatch: 'skipPastLastEvent',
      },
    );
    expect(PatternParams.parse({ steps: [a], within: 5, afterMatch: 'noSkip' }).afterMatch).toBe(
      'noSkip',
    );
  });

  it('checks each expression at its path', () => {
    expect(paths({ steps: [a, { name: 'b', where: 'y ==' }], within: 10 })).toEqual([
      'steps.1.where',
    ]);
    expect(paths({ steps: [{ name: 'a', where: 'nope(x)' }], within: 10 })).toEqual([
      'steps.0.where',
    ]);
    expect(paths({ steps: [{ name: 'a', where: 'x.constructor' }], within: 10 })).toEqual([
      'steps.0.where',
    ]);
  });

  it('requires 1 to 8 steps with unique, non-empty, non-reserved names', () => {
    expect(paths({ steps: [], within: 10 })).toEqual(['steps']);
    const nine = Array.from({ length: 9 }, (_, i) => ({ name: `s${i}`, where: 'true' }));
    expect(paths({ steps: nine, within: 10 })).toEqual(['steps']);
    expect(paths({ steps: nine.slice(0, 8), within: 10 })).toEqual([]);
    expect(paths({ steps: [a, { ...b, name: 'a' }], within: 10 })).toEqual(['steps.1.name']);
    expect(paths({ steps: [{ ...a, name: '' }], within: 10 })).toEqual(['steps.0.name']);
    expect(paths({ steps: [{ ...a, name: 'matchEnd' }], within: 10 })).toEqual(['steps.0.name']);
  });

  it('requires times.min to be a whole number of at least 1', () => {
    for (const min of [0, -1, 1.5, '2']) {
      expect(paths({ steps: [{ ...a, times: { min } }], within: 10 })).toEqual([
        'steps.0.times.min',
      ]);
    }
    expect(paths({ steps: [{ ...a, times: {} }], within: 10 })).toEqual(['steps.0.times.min']);
  });

  it('requires a positive within and a known skip strategy', () => {
    expect(paths({ steps: [a] })).toEqual(['within']);
    expect(paths({ steps: [a], within: 0 })).toEqual(['within']);
    expect(paths({ steps: [a], within: '10 parsecs' })).toEqual(['within']);
    expect(paths({ steps: [a], within: 10, afterMatch: 'skipToNext' })).toEqual(['afterMatch']);
  });

  it('is strict about unknown params', () => {
    expect(paths({ steps: [a], within: 10, until: 'x' })).toEqual(['']);
    expect(paths({ steps: [{ ...a, optional: true }], within: 10 })).toEqual(['steps.0']);
    expect(paths({ steps: [{ ...a, times: { min: 2, max: 3 } }], within: 10 })).toEqual([
      'steps.0.times',
    ]);
  });

  it('gives every field help text in the JSON Schema the canvas form reads', () => {
    const schema = z.toJSONSchema(PatternParams, { io: 'input' }) as {
      properties: Record<string, { description?: string; items?: unknown }>;
    };
    for (const field of ['steps', 'within', 'afterMatch']) {
      expect(schema.properties[field]?.description, field).toBeTruthy();
    }
    const step = schema.properties.steps?.items as {
      properties: Record<string, { description?: string; format?: string }>;
    };
    for (const field of ['name', 'where', 'times']) {
      expect(step.properties[field]?.description, field).toBeTruthy();
    }
  });
});
