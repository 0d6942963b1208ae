import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TopNParams } from './params.js';

function issues(raw: unknown) {
  const result = TopNParams.safeParse(raw);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('TopNParams', () => {
  it('parses durations to ms and fills the defaults', () => {
    expect(TopNParams.parse({ by: 'score', window: { size: '1m' } })).toEqual({
      n: 3,
      by: 'score',
      order: 'desc',
      window: { kind: 'tumbling', size: 60_000 },
      allowedLateness: 0,
    });
    expect(
      TopNParams.parse({
        n: 1,
        by: 'x',
        order: 'asc',
        partitionBy: ['user', 'region'],
        window: { kind: 'sliding', size: '10s', slide: '2s' },
        allowedLateness: '1s',
      }),
    ).toEqual({
      n: 1,
      by: 'x',
      order: 'asc',
      partitionBy: ['user', 'region'],
      window: { kind: 'sliding', size: 10_000, slide: 2_000 },
      allowedLateness: 1_000,
    });
  });

  it('requires by and window, and a whole n of at least 1', () => {
    expect(issues({ window: { size: 10 } }).map((i) => i[0])).toEqual(['by']);
    expect(issues({ by: 'x' }).map((i) => i[0])).toEqual(['window']);
    expect(issues({ by: '', window: { size: 10 } }).map((i) => i[0])).toEqual(['by']);
    expect(issues({ n: 0, by: 'x', window: { size: 10 } }).map((i) => i[0])).toEqual(['n']);
    expect(issues({ n: 2.5, by: 'x', window: { size: 10 } }).map((i) => i[0])).toEqual(['n']);
    expect(issues({ n: '3', by: 'x', window: { size: 10 } }).map((i) => i[0])).toEqual(['n']);
  });

  it('checks the window: slide for sliding only, at most size, positive durations', () => {
    const w = (window: unknown) => issues({ by: 'x', window }).map((i) => i[0]);
    expect(w({ kind: 'sliding', size: 10 })).toEqual(['window.slide']);
    expect(w({ kind: 'tumbling', size: 10, slide: 5 })).toEqual(['window.slide']);
    expect(w({ kind: 'sliding', size: 5, slide: 10 })).toEqual(['window.slide']);
    expect(w({ kind: 'session', gap: 10 })).toContain('window.kind');
    expect(w({ size: 0 })).toEqual(['window.size']);
    expect(w({ size: '10 parsecs' })).toEqual(['window.size']);
    expect(w({})).toEqual(['window.size']);
  });

  it('refuses, at window.slide, a sliding window that would put a record in over 1,000 windows', () => {
    const w = (window: unknown) => issues({ by: 'x', window });
    expect(w({ kind: 'sliding', size: '1d', slide: '1ms' })).toEqual([
      [
        'window.slide',
        'a record would belong to 86,400,000 windows (size/slide); at most 1,000 — use a larger slide',
      ],
    ]);
    expect(w({ kind: 'sliding', size: '10m', slide: 599 }).map((i) => i[0])).toEqual([
      'window.slide',
    ]);
    expect(w({ kind: 'sliding', size: '10m', slide: 600 })).toEqual([]);
  });

  it('refuses a bad order, partitionBy or lateness', () => {
    const base = { by: 'x', window: { size: 10 } };
    expect(issues({ ...base, order: 'up' }).map((i) => i[0])).toEqual(['order']);
    expect(issues({ ...base, partitionBy: [] }).map((i) => i[0])).toEqual(['partitionBy']);
    expect(issues({ ...base, partitionBy: ['a', 'a'] }).map((i) => i[0])).toEqual(['partitionBy']);
    expect(issues({ ...base, partitionBy: [''] }).map((i) => i[0])).toEqual(['partitionBy.0']);
    expect(issues({ ...base, allowedLateness: -1 }).map((i) => i[0])).toEqual(['allowedLateness']);
  });

  it('is strict about unknown params, also inside the window', () => {
    expect(issues({ by: 'x', window: { size: 10 }, limit: 3 })[0]?.[0]).toBe('');
    expect(issues({ by: 'x', window: { size: 10, offset: 1 } })[0]?.[0]).toBe('window');
  });

  it('gives every field help text in the JSON Schema the canvas form reads', () => {
    const schema = z.toJSONSchema(TopNParams, { io: 'input' }) as {
      properties: Record<string, { description?: string; properties?: Record<string, unknown> }>;
    };
    for (const field of ['n', 'by', 'order', 'partitionBy', 'window', 'allowedLateness']) {
      expect(schema.properties[field]?.description, field).toBeTruthy();
    }
    const window = schema.properties.window!.properties as Record<string, { description?: string }>;
    for (const field of ['kind', 'size', 'slide']) expect(window[field]?.description).toBeTruthy();
  });
});
