import type { PipelineRecord, RunSummary, SaveConflict } from '@rivulet/shared-types';
import { afterEach, describe, expect, it } from 'vitest';
import { api, livePipeline, savePipeline, startRun, testServer } from '../test-support/server.js';
import type { RunningServer } from './server.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(): Promise<RunningServer> {
  const s = await testServer({ demo: false });
  cleanup.push(() => s.close());
  return s;
}

const put = <T>(s: RunningServer, id: string, body: unknown) =>
  api<T>(s, 'PUT', `/api/pipelines/${id}`, body);

describe('PUT /api/pipelines/:id with baseVersion', () => {
  it('saves when the base is the latest version, and refuses a stale base with 409', async () => {
    const s = await server();
    const created = await savePipeline(s, livePipeline('shared'));
    // Two editors opened v1; the first saves v2.
    const first = await put<PipelineRecord>(s, created.id, {
      document: livePipeline('first'),
      baseVersion: 1,
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    // The second, still on v1, is told v2 exists; nothing is saved.
    const second = await put<SaveConflict>(s, created.id, {
      document: livePipeline('second'),
      baseVersion: 1,
    });
    expect(second.status).toBe(409);
    expect(second.body.latestVersion).toBe(2);
    expect(second.body.message).toMatch(/v2/);
    expect(second.body.problems).toEqual([]);
    const now = await api<PipelineRecord>(s, 'GET', `/api/pipelines/${created.id}`);
    expect(now.body.version).toBe(2);
    expect(now.body.document.name).toBe('first');
    const versions = await api<unknown[]>(s, 'GET', `/api/pipelines/${created.id}/versions`);
    expect(versions.body).toHaveLength(2);
    // Overwriting on purpose: based on the version it was told about.
    const overwrite = await put<PipelineRecord>(s, created.id, {
      document: livePipeline('second'),
      baseVersion: 2,
    });
    expect(overwrite.status).toBe(200);
    expect(overwrite.body.version).toBe(3);
    expect(overwrite.body.document.name).toBe('second');
  });

  it('saves without baseVersion as old clients do (the last one wins)', async () => {
    const s = await server();
    const created = await savePipeline(s, livePipeline('old'));
    await put(s, created.id, { document: livePipeline('a'), baseVersion: 1 });
    const old = await put<PipelineRecord>(s, created.id, { document: livePipeline('b') });
    expect(old.status).toBe(200);
    expect(old.body.version).toBe(3);
  });

  it('refuses a baseVersion that is not a positive whole number with 400, and 404s first for an unknown pipeline', async () => {
    const s = await server();
    const created = await savePipeline(s, livePipeline('x'));
    for (const baseVersion of [0, -1, 1.5, '1', null]) {
      const bad = await put<{ message: string; problems: { message: string }[] }>(s, created.id, {
        document: livePipeline('x'),
        baseVersion,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.problems[0]!.message).toMatch(/^body\.baseVersion/);
    }
    const missing = await put(s, 'nope', { document: livePipeline('x'), baseVersion: 1 });
    expect(missing.status).toBe(404);
  });

  it('a base newer than the saved version (no such version yet) still saves', async () => {
    const s = await server();
    const created = await savePipeline(s, livePipeline('y'));
    const ahead = await put<PipelineRecord>(s, created.id, {
      document: livePipeline('y'),
      baseVersion: 7,
    });
    expect(ahead.status).toBe(200);
    expect(ahead.body.version).toBe(2);
  });
});

describe('the version a run runs', () => {
  it('is the saved version when it started, and stays so after a newer save', async () => {
    const s = await server();
    const created = await savePipeline(s, livePipeline('versions', 50));
    const first = await startRun(s, created.id);
    expect(first.pipelineVersion).toBe(1);
    const saved = await put<PipelineRecord>(s, created.id, {
      document: livePipeline('versions, edited', 50),
      baseVersion: 1,
    });
    expect(saved.body.version).toBe(2);
    const still = await api<RunSummary>(s, 'GET', `/api/runs/${first.id}`);
    expect(still.body).toMatchObject({ status: 'running', pipelineVersion: 1 });
    const stopped = await api<RunSummary>(s, 'POST', `/api/runs/${first.id}/stop`);
    expect(stopped.body).toMatchObject({ status: 'stopped', pipelineVersion: 1 });
    const second = await startRun(s, created.id);
    expect(second.pipelineVersion).toBe(2);
    await api(s, 'POST', `/api/runs/${second.id}/stop`);
    const runs = await api<RunSummary[]>(s, 'GET', `/api/runs?pipelineId=${created.id}`);
    expect(runs.body.map((r) => r.pipelineVersion).sort()).toEqual([1, 2]);
  });
});
