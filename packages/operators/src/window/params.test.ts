import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WindowParams } from './params.js';

const count = [{ fn: 'count', as: 'n' }];

function issues(raw: unknown) {
  const result = WindowParams.safeParse(raw);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('WindowParams', () => {
  it('parses durations to ms and fills the defaults', () => {
    expect(WindowParams.parse({ kind: 'sliding', size: '1m', slide: '10s' })).toEqual({
      kind: 'sliding',
      size: 60_000,
      slide: 10_000,
      allowedLateness: 0,
      aggregations: [{ fn: 'count', as: 'count' }],
    });
    expect(WindowParams.parse({ size: 5, allowedLateness: '2s', aggregations: count })).toEqual({
      kind: 'tumbling',
      size: 5,
      allowedLateness: 2000,
      aggregations: count,
    });
  });

  it('requires the fields of each kind, at their path', () => {
    expect(issues({ kind: 'tumbling', aggregations: count })).toEqual([
      ['size', 'a tumbling window needs size'],
    ]);
    expect(issues({ kind: 'sliding', size: 10, aggregations: count })[0]?.[0]).toBe('slide');
    expect(issues({ kind: 'session', aggregations: count })[0]?.[0]).toBe('gap');
  });

  it('refuses the fields a kind does not use', () => {
    expect(issues({ kind: 'tumbling', size: 10, gap: 5 }).map((i) => i[0])).toEqual(['gap']);
    expect(issues({ kind: 'session', gap: 5, size: 10, slide: 2 }).map((i) => i[0])).toEqual([
      'size',
      'slide',
    ]);
  });

  it('refuses a slide longer than the size, zero sizes and bad durations', () => {
    expect(issues({ kind: 'sliding', size: 5, slide: 10 }).map((i) => i[0])).toEqual(['slide']);
    expect(issues({ size: 0 }).map((i) => i[0])).toEqual(['size']);
    expect(issues({ size: '10 parsecs' }).map((i) => i[0])).toEqual(['size']);
    expect(issues({ size: 10, allowedLateness: -1 }).map((i) => i[0])).toEqual(['allowedLateness']);
  });

  it('refuses, at slide, a sliding window that would put a record in over 1,000 windows', () => {
    expect(issues({ kind: 'sliding', size: '1d', slide: 1 })).toEqual([
      [
        'slide',
        'a record would belong to 86,400,000 windows (size/slide); at most 1,000 — use a larger slide',
      ],
    ]);
    expect(issues({ kind: 'sliding', size: '1m', slide: 59 }).map((i) => i[0])).toEqual(['slide']);
    expect(issues({ kind: 'sliding', size: '1m', slide: 60 })).toEqual([]);
    // Tumbling and session windows put a record in one window: nothing to refuse.
    expect(issues({ kind: 'tumbling', size: '1000d' })).toEqual([]);
  });

  it('is strict about unknown params', () => {
    expect(issues({ size: 10, offset: 3 })[0]?.[0]).toBe('');
    expect(issues({ size: 10, aggregations: [{ fn: 'count', as: 'n', x: 1 }] })[0]?.[0]).toBe(
      'aggregations.0',
    );
  });

  it('checks aggregations: min one, field for all but count, unique non-reserved names', () => {
    expect(issues({ size: 10, aggregations: [] }).map((i) => i[0])).toEqual(['aggregations']);
    expect(issues({ size: 10, aggregations: [{ fn: 'sum', as: 's' }] })).toEqual([
      ['aggregations.0.field', 'sum needs a field'],
    ]);
    expect(issues({ size: 10, aggregations: [{ fn: 'count', as: '' }] })[0]?.[0]).toBe(
      'aggregations.0.as',
    );
    expect(
      issues({
        size: 10,
        aggregations: [
          { fn: 'count', as: 'n' },
          { fn: 'sum', field: 'a', as: 'x' },
          { fn: 'max', field: 'a', as: 'n' },
        ],
      }).map((i) => i[0]),
    ).toEqual(['aggregations.2.as']);
    expect(
      issues({ size: 10, aggregations: [{ fn: 'count', as: 'windowEnd' }] }).map((i) => i[0]),
    ).toEqual(['aggregations.0.as']);
    expect(
      issues({ size: 10, aggregations: [{ fn: 'median', field: 'a', as: 'm' }] })[0]?.[0],
    ).toBe('aggregations.0.fn');
  });

  it('gives every field help text in the JSON Schema the canvas form reads', () => {
    const schema = z.toJSONSchema(WindowParams, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };
    for (const field of ['kind', 'size', 'slide', 'gap', 'allowedLateness', 'aggregations']) {
      expect(schema.properties[field]?.description, field).toBeTruthy();
    }
  });
});
