import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_CHARS, preview } from './preview.js';

describe('preview', () => {
  it('keeps a small record as it is, its size its JSON length', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value);
        fc.pre(text !== undefined && text.length <= MAX_PREVIEW_CHARS);
        // -0 prints as 0 in JSON; the preview keeps the value itself.
        const { value: kept, size } = preview(value);
        expect(kept).toBe(value);
        expect(size).toBe(text.length);
      }),
    );
  });

  it('cuts a large record to a bounded text that begins as its JSON does', () => {
    const record = { id: 7, rows: Array.from({ length: 5000 }, (_, i) => ({ i })) };
    const { value, size } = preview(record);
    expect(typeof value).toBe('string');
    expect(size).toBeLessThanOrEqual(MAX_PREVIEW_CHARS + 20);
    expect(value as string).toMatch(/^\{"id":7,"rows":\[\{"i":0\},\{"i":1\}/);
    expect(value as string).toMatch(/… \(cut\)$/);
  });

  it('describes a long text by its length without reading it', () => {
    let s = 'x';
    for (let i = 0; i < 26; i++) s = s + s; // 64 Mi characters, built by concatenation
    const started = performance.now();
    const { value, size } = preview({ s, after: 1 });
    expect(performance.now() - started).toBeLessThan(200);
    expect(value).toBe('{"s":"(text of 67,108,864 characters)"… (cut)');
    expect(size).toBeLessThan(100);
  });

  it('shows a record nested deeper than JSON.stringify can go', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const { value } = preview({ a: deep });
    expect(value as string).toMatch(/^\{"a":\[\[\[/);
    expect(value as string).toContain('(nested too deep)');
  });
});
