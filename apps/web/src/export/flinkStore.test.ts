import type { ExportResponse, PipelineDocument } from '@rivulet/shared-types';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Client from '../api/client';
import type { Graph } from '../graph/types';

// The engine, faked: each call waits until the test answers it.
const fake = vi.hoisted(() => ({ exportFlinkSql: vi.fn() }));
vi.mock('../api/client', async (original) => {
  const real = await original<typeof Client>();
  return { ...real, api: { ...real.api, exportFlinkSql: fake.exportFlinkSql } };
});

const { ApiFailure } = await import('../api/client');
const { EXPORTABLE, selectFlinkMark, useFlinkExport } = await import('./flinkStore');

const graph = (): Graph => ({
  nodes: [
    { id: 'gen', type: 'source.generator', params: {}, position: { x: 0, y: 0 } },
    { id: 'w', type: 'window', params: { allowedLateness: '5s' }, position: { x: 1, y: 0 } },
  ],
  edges: [{ source: 'gen', target: 'w' }],
});
const docOf = (g: Graph): PipelineDocument => ({
  version: 1,
  name: 'p',
  nodes: g.nodes.map((n) => ({ ...n })),
  edges: g.edges.map((e) => ({ ...e })),
});

function answerLater() {
  let answer!: (r: ExportResponse) => void;
  let fail!: (e: unknown) => void;
  fake.exportFlinkSql.mockImplementationOnce(
    () =>
      new Promise<ExportResponse>((resolve, reject) => {
        answer = resolve;
        fail = reject;
      }),
  );
  return { answer: (r: ExportResponse) => answer(r), fail: (e: unknown) => fail(e) };
}

const refused: ExportResponse = {
  script: null,
  problems: [
    { nodeId: 'gen', message: 'no generator in Flink SQL' },
    { nodeId: 'w', path: ['allowedLateness'], message: 'late rows dropped' },
  ],
};

const mark = (id: string) => selectFlinkMark(id)(useFlinkExport.getState());

beforeEach(() => {
  fake.exportFlinkSql.mockReset();
  useFlinkExport.getState().forget();
});

describe('useFlinkExport', () => {
  it('opens loading, then marks every node of the exported graph', async () => {
    const g = graph();
    const later = answerLater();
    const done = useFlinkExport.getState().exportDocument(docOf(g), g);
    expect(useFlinkExport.getState()).toMatchObject({ open: true, request: { status: 'loading' } });
    expect(mark('gen')).toBeUndefined();
    later.answer({ script: null, problems: [refused.problems[1]!] });
    await done;
    expect(fake.exportFlinkSql).toHaveBeenCalledWith(docOf(g));
    expect(mark('gen')).toBe(EXPORTABLE);
    expect(mark('w')?.[0]?.path).toEqual(['allowedLateness']);
  });

  it('keeps the marks after the dialog closes and while nodes only move', async () => {
    const g = graph();
    fake.exportFlinkSql.mockResolvedValueOnce(refused);
    await useFlinkExport.getState().exportDocument(docOf(g), g);
    useFlinkExport.getState().close();
    const moved = { ...g, nodes: g.nodes.map((n) => ({ ...n, position: { x: 5, y: 5 } })) };
    useFlinkExport.getState().followEditor(moved);
    expect(useFlinkExport.getState().open).toBe(false);
    expect(mark('gen')).toHaveLength(1);
  });

  it('drops the marks when a param changes', async () => {
    const g = graph();
    fake.exportFlinkSql.mockResolvedValueOnce(refused);
    await useFlinkExport.getState().exportDocument(docOf(g), g);
    const edited = {
      ...g,
      nodes: g.nodes.map((n) => (n.id === 'w' ? { ...n, params: {} } : n)),
    };
    useFlinkExport.getState().followEditor(edited);
    expect(mark('gen')).toBeUndefined();
    expect(mark('w')).toBeUndefined();
    // The dialog still shows what was answered.
    expect(useFlinkExport.getState().request).toEqual({ status: 'done', result: refused });
  });

  it('marks nothing when the graph changed while the engine answered', async () => {
    const g = graph();
    const later = answerLater();
    const done = useFlinkExport.getState().exportDocument(docOf(g), g);
    useFlinkExport.getState().followEditor({ ...g, edges: [] });
    later.answer(refused);
    await done;
    expect(useFlinkExport.getState().request.status).toBe('done');
    expect(mark('gen')).toBeUndefined();
  });

  it('keeps an engine failure with its message, and only the latest answer counts', async () => {
    const g = graph();
    const first = answerLater();
    const firstDone = useFlinkExport.getState().exportDocument(docOf(g), g);
    const second = answerLater();
    const secondDone = useFlinkExport.getState().exportDocument(docOf(g), g);
    second.fail(new ApiFailure(0, { message: 'The engine cannot be reached.', problems: [] }));
    await secondDone;
    first.answer(refused);
    await firstDone;
    expect(useFlinkExport.getState().request).toEqual({
      status: 'error',
      message: 'The engine cannot be reached.',
      problems: [],
    });
    expect(mark('gen')).toBeUndefined();
  });

  it('forgets the answer when the studio closes', async () => {
    const g = graph();
    fake.exportFlinkSql.mockResolvedValueOnce({ script: 'INSERT INTO out …', problems: [] });
    await useFlinkExport.getState().exportDocument(docOf(g), g);
    expect(mark('w')).toBe(EXPORTABLE);
    useFlinkExport.getState().forget();
    expect(useFlinkExport.getState()).toMatchObject({ open: false, request: { status: 'idle' } });
    expect(mark('w')).toBeUndefined();
  });
});
