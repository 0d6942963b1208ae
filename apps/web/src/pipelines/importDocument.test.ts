import { describe, expect, it } from 'vitest';
import { exportFileName, parsePipelineFile } from './importDocument';

describe('parsePipelineFile', () => {
  const doc = {
    version: 1,
    name: 'P',
    nodes: [{ id: 'a', type: 'filter', params: {} }],
    edges: [],
  };

  it('accepts an exported document and a whole record', () => {
    expect(parsePipelineFile(JSON.stringify(doc))).toEqual({ ok: true, document: doc });
    expect(parsePipelineFile(JSON.stringify({ id: 'x', document: doc }))).toEqual({
      ok: true,
      document: doc,
    });
  });

  it('names a nameless document after its file', () => {
    const result = parsePipelineFile(JSON.stringify({ ...doc, name: '' }), 'orders.json');
    expect(result.ok && result.document.name).toBe('orders');
  });

  it('says what is wrong', () => {
    const bad = (text: string) => {
      const r = parsePipelineFile(text, 'f.json');
      return r.ok ? '' : r.message;
    };
    expect(bad('{')).toMatch(/not JSON/);
    expect(bad('[]')).toMatch(/JSON object/);
    expect(bad('{"version":2,"nodes":[],"edges":[]}')).toMatch(/version/);
    expect(bad('{"version":1,"nodes":{}}')).toMatch(/"nodes" and "edges"/);
    expect(bad('{"version":1,"nodes":[{"id":1}],"edges":[]}')).toMatch(/nodes\[0\]/);
    expect(bad('{"version":1,"nodes":[],"edges":[{"source":"a"}]}')).toMatch(/edges\[0\]/);
  });
});

describe('exportFileName', () => {
  it('makes the name safe for a file', () => {
    expect(exportFileName('Card payments: large / card')).toBe('Card payments- large - card.json');
    expect(exportFileName('  ')).toBe('pipeline.json');
  });
});
