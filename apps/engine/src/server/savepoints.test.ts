// Savepoints: stop a run with its state kept, edit the pipeline, start the new version from
// the savepoint (Flink's stop-with-savepoint and allowNonRestoredState).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineRecord, RunSummary, SavepointSummary } from '@rivulet/shared-types';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { relativeTo } from '../paths.js';
import { tempDir } from '../test-support/files.js';
import { api, runEnded, savePipeline, testServer, until } from '../test-support/server.js';
import { validatePipeline } from '../validate.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ user: `u${(i * 7919) % 30}`, amount: (i * 37) % 100, ts: 1_000_000 + i * 50 }),
  ).join('\n') + '\n';

function pipeline(filter: string, size = '5s', rate?: number) {
  return {
    version: 1,
    name: 'savepoints',
    nodes: [
      {
        id: 'src',
        type: 'source.file',
        params: {
          path: 'in.jsonl',
          eventTime: { field: 'ts' },
          ...(rate ? { rate } : {}),
        },
      },
      { id: 'big', type: 'filter', params: { expr: filter } },
      { id: 'byUser', type: 'keyBy', params: { fields: ['user'] } },
      {
        id: 'win',
        type: 'window',
        params: {
          kind: 'tumbling',
          size,
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
      },
      { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
    ],
    edges: [
      { source: 'src', target: 'big' },
      { source: 'big', target: 'byUser' },
      { source: 'byUser', target: 'win' },
      { source: 'win', target: 'out' },
    ],
  };
}

describe('savepoints', () => {
  it('stops with a savepoint and resumes an edited version with its window state: the file is what one run writes', async () => {
    const input = lines(6000);
    // What one uninterrupted run writes.
    const straight = tempDir();
    writeFileSync(join(straight, 'in.jsonl'), input);
    const valid = validatePipeline(pipeline('amount > 20'), { checkPath: relativeTo(straight) });
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    await new Job(valid.value, { io: nodeIO() }).run();
    const expected = readFileSync(join(straight, 'out.jsonl'), 'utf8');

    const s = await testServer({ demo: false });
    cleanup.push(() => s.close());
    mkdirSync(join(s.dataDir, 'files'), { recursive: true });
    writeFileSync(join(s.dataDir, 'files', 'in.jsonl'), input);
    // Paced, so that the stop comes in the middle of the input.
    const saved = await savePipeline(s, pipeline('amount > 20', '5s', 2000));
    const first = await api<RunSummary>(s, 'POST', `/api/pipelines/${saved.id}/runs`);
    expect(first.status).toBe(201);
    const windows = () =>
      s.runs.lastTelemetry(first.body.id)?.nodes.find((n) => n.nodeId === 'win')?.state?.windows ??
      0;
    await until(
      () => windows() > 0 && (s.runs.lastTelemetry(first.body.id)?.nodes[0]?.recordsOut ?? 0) > 500,
    );
    const stopped = await api<RunSummary>(s, 'POST', `/api/runs/${first.body.id}/stop`, {
      savepoint: true,
    });
    expect(stopped.body).toMatchObject({ status: 'stopped', savepointId: expect.any(String) });
    const list = await api<SavepointSummary[]>(s, 'GET', `/api/pipelines/${saved.id}/savepoints`);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: stopped.body.savepointId,
        runId: first.body.id,
        pipelineVersion: 1,
      }),
    ]);

    // Version 2: the filter written differently (it holds no state), read at full speed.
    await api<PipelineRecord>(s, 'PUT', `/api/pipelines/${saved.id}`, {
      document: pipeline('20 < amount'),
    });
    const second = await api<RunSummary>(s, 'POST', `/api/pipelines/${saved.id}/runs`, {
      fromSavepoint: stopped.body.savepointId,
    });
    expect(second.status).toBe(201);
    expect(second.body.restored).toEqual({
      savepointId: stopped.body.savepointId,
      emptyNodes: [],
      droppedNodes: [],
    });
    expect(await runEnded(s, second.body.id)).toMatchObject({ status: 'finished' });
    expect(readFileSync(join(s.dataDir, 'files', 'out.jsonl'), 'utf8')).toBe(expected);
    // The counts carry on from the savepoint: the source read every line once.
    const final = await api<RunSummary>(s, 'GET', `/api/runs/${second.body.id}`);
    expect(final.body.metrics!.find((n) => n.nodeId === 'src')!.recordsOut).toBe(6000);
  }, 120_000);

  it('refuses state that no longer fits, and drops it when allowed', async () => {
    const s = await testServer({ demo: false });
    cleanup.push(() => s.close());
    mkdirSync(join(s.dataDir, 'files'), { recursive: true });
    writeFileSync(join(s.dataDir, 'files', 'in.jsonl'), lines(6000));
    const saved = await savePipeline(s, pipeline('amount > 20', '5s', 2000));
    const first = await api<RunSummary>(s, 'POST', `/api/pipelines/${saved.id}/runs`);
    await until(() => (s.runs.lastTelemetry(first.body.id)?.nodes[0]?.recordsOut ?? 0) > 200);
    const stopped = await api<RunSummary>(s, 'POST', `/api/runs/${first.body.id}/stop`, {
      savepoint: true,
    });
    const savepointId = stopped.body.savepointId!;

    // The window's size changed: its windows do not fit.
    await api(s, 'PUT', `/api/pipelines/${saved.id}`, { document: pipeline('amount > 20', '10s') });
    const refused = await api<{
      message: string;
      problems: { nodeId?: string; message: string }[];
    }>(s, 'POST', `/api/pipelines/${saved.id}/runs`, { fromSavepoint: savepointId });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/holds state that does not fit this version/);
    expect(refused.body.problems).toEqual([
      { nodeId: 'win', message: expect.stringMatching(/params changed.*allowNonRestoredState/) },
    ]);
    expect(s.runs.active.size).toBe(0);

    const allowed = await api<RunSummary>(s, 'POST', `/api/pipelines/${saved.id}/runs`, {
      fromSavepoint: savepointId,
      allowNonRestoredState: true,
    });
    expect(allowed.status).toBe(201);
    expect(allowed.body.restored).toEqual({
      savepointId,
      emptyNodes: ['win'],
      droppedNodes: ['win'],
    });
    expect(await runEnded(s, allowed.body.id)).toMatchObject({ status: 'finished' });
    // The source went on from where the savepoint left it, not from the start.
    const final = await api<RunSummary>(s, 'GET', `/api/runs/${allowed.body.id}`);
    expect(final.body.metrics!.find((n) => n.nodeId === 'src')!.recordsOut).toBe(6000);

    // Deleted, it is gone; an unknown one is a 404.
    expect((await api(s, 'DELETE', `/api/savepoints/${savepointId}`)).status).toBe(204);
    expect((await api(s, 'DELETE', `/api/savepoints/${savepointId}`)).status).toBe(404);
    const again = await api(s, 'POST', `/api/pipelines/${saved.id}/runs`, {
      fromSavepoint: savepointId,
    });
    expect(again.status).toBe(404);
    expect(existsSync(join(s.dataDir, 'savepoints', `${savepointId}.json`))).toBe(false);

    // A pipeline deleted takes its savepoints with it, files included.
    await api(s, 'PUT', `/api/pipelines/${saved.id}`, {
      document: pipeline('amount > 20', '10s', 2000),
    });
    const paced = await api<RunSummary>(s, 'POST', `/api/pipelines/${saved.id}/runs`);
    await until(() => (s.runs.lastTelemetry(paced.body.id)?.nodes[0]?.recordsOut ?? 0) > 0);
    const kept = await api<RunSummary>(s, 'POST', `/api/runs/${paced.body.id}/stop`, {
      savepoint: true,
    });
    const file = join(s.dataDir, 'savepoints', `${kept.body.savepointId}.json`);
    expect(existsSync(file)).toBe(true);
    expect((await api(s, 'DELETE', `/api/pipelines/${saved.id}`)).status).toBe(204);
    expect(existsSync(file)).toBe(false);
  }, 120_000);
});
