import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldsResponse } from '@rivulet/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, testServer } from '../test-support/server.js';
import type { RunningServer } from './server.js';

let s: RunningServer;
beforeAll(async () => {
  s = await testServer({ demo: false });
  const files = join(s.dataDir, 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(
    join(files, 'pay.jsonl'),
    '{"ts":1,"user":"a","amount":5}\nnot json\n{"ts":2,"user":"b","amount":7,"note":"x"}\n',
  );
  writeFileSync(join(files, 'pay.csv'), '\uFEFFts,"user",amount\n1,a,5\n');
}, 60_000);
afterAll(() => s?.close());

const doc = (nodes: unknown[], edges: unknown[] = []) => ({ version: 1, name: 'f', nodes, edges });

describe('POST /api/fields', () => {
  it('samples JSON-lines and CSV files and warns about a misspelt field', async () => {
    const res = await api<FieldsResponse>(
      s,
      'POST',
      '/api/fields',
      doc(
        [
          { id: 'file', type: 'source.file', params: { path: 'pay.jsonl' } },
          { id: 'csv', type: 'source.file', params: { path: 'pay.csv', format: 'csv' } },
          { id: 'big', type: 'filter', params: { expr: 'amountt > 10' } },
          { id: 'k', type: 'source.kafka', params: {} },
          { id: 'kf', type: 'filter', params: { expr: 'whatever > 1' } },
        ],
        [
          { source: 'file', target: 'big' },
          { source: 'k', target: 'kf' },
        ],
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.nodes.file).toEqual({
      inputs: null,
      outputs: ['ts', 'user', 'amount', 'note'],
    });
    expect(res.body.nodes.csv!.outputs).toEqual(['ts', 'user', 'amount']);
    expect(res.body.nodes.big!.inputs).toEqual(['ts', 'user', 'amount', 'note']);
    expect(res.body.nodes.kf!.inputs).toBeNull();
    expect(res.body.warnings).toEqual([
      {
        nodeId: 'big',
        path: ['expr'],
        message: '"amountt" is not a field this node receives: did you mean amount?',
      },
    ]);
  });

  it('knows nothing of a file outside the data directory or absent, without failing', async () => {
    const res = await api<FieldsResponse>(
      s,
      'POST',
      '/api/fields',
      doc([
        { id: 'out', type: 'source.file', params: { path: '../../etc/passwd' } },
        { id: 'gone', type: 'source.file', params: { path: 'gone.jsonl' } },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.nodes.out!.outputs).toBeNull();
    expect(res.body.nodes.gone!.outputs).toBeNull();
  });

  it('derives nothing for a graph larger than the validator accepts', async () => {
    const nodes = Array.from({ length: 2001 }, (_, i) => ({
      id: `n${i}`,
      type: 'filter',
      params: {},
    }));
    const res = await api<FieldsResponse>(s, 'POST', '/api/fields', doc(nodes));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ nodes: {}, warnings: [] });
  });

  it('says that runs started here use one thread when the document asks for more', async () => {
    const nodes = [{ id: 'file', type: 'source.file', params: { path: 'pay.jsonl' } }];
    const two = await api<FieldsResponse>(s, 'POST', '/api/fields', {
      ...doc(nodes),
      settings: { parallelism: 2 },
    });
    expect(two.status).toBe(200);
    expect(two.body.warnings).toEqual([
      {
        message: expect.stringMatching(
          /^settings.parallelism 2: .*one thread.*rivulet run.*2 worker threads$/,
        ),
      },
    ]);
    const one = await api<FieldsResponse>(s, 'POST', '/api/fields', {
      ...doc(nodes),
      settings: { parallelism: 1 },
    });
    expect(one.body.warnings).toEqual([]);
  });

  it('refuses a body that is not a document', async () => {
    const res = await api(s, 'POST', '/api/fields', { nodes: 3 });
    expect(res.status).toBe(400);
  });
});
