import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DedupeParams } from './params.js';

function issues(raw: unknown) {
  const result = DedupeParams.safeParse(raw);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('DedupeParams', () => {
  it('parses the ttl to ms; fields are optional', () => {
    expect(DedupeParams.parse({ ttl: '10m' })).toEqual({ ttl: 600_000 });
    expect(DedupeParams.parse({ fields: ['card', 'type'], ttl: 500 })).toEqual({
      fields: ['card', 'type'],
      ttl: 500,
    });
  });

  it('requires a positive, parseable ttl', () => {
    expect(issues({})).toEqual(['ttl']);
    expect(issues({ ttl: 0 })).toEqual(['ttl']);
    expect(issues({ ttl: '0s' })).toEqual(['ttl']);
    expect(issues({ ttl: -5 })).toEqual(['ttl']);
    expect(issues({ ttl: 'soon' })).toEqual(['ttl']);
  });

  it('refuses empty, duplicate or empty-named fields, and unknown params', () => {
    expect(issues({ ttl: 10, fields: [] })).toEqual(['fields']);
    expect(issues({ ttl: 10, fields: ['a', 'a'] })).toEqual(['fields']);
    expect(issues({ ttl: 10, fields: [''] })).toEqual(['fields.0']);
    expect(issues({ ttl: 10, fields: 'a' })).toEqual(['fields']);
    expect(issues({ ttl: 10, window: '1m' })).toEqual(['']);
  });

  it('gives every field help text in the JSON Schema the canvas form reads', () => {
    const schema = z.toJSONSchema(DedupeParams, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
      required?: string[];
    };
    for (const field of ['fields', 'ttl']) {
      expect(schema.properties[field]?.description, field).toBeTruthy();
    }
    expect(schema.required).toEqual(['ttl']);
  });
});
