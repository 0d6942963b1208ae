import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CatalogueEntry,
  PipelineRecord,
  PipelineSummary,
  RunSummary,
  TelemetryMessage,
} from '@rivulet/shared-types';
import { afterEach, describe, expect, it } from 'vitest';
import {
  api,
  client,
  livePipeline,
  next,
  savePipeline,
  startRun,
  subscribe,
  testServer,
  type Client,
} from '../test-support/server.js';
import { tempDir } from '../test-support/files.js';
import { startServer, type RunningServer } from './server.js';
import { templates } from './templates/index.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(options = {}): Promise<RunningServer> {
  const s = await testServer(options);
  cleanup.push(() => s.close());
  return s;
}

function socket(s: RunningServer): Client {
  const c = client(s);
  cleanup.push(() => void c.close());
  return c;
}

describe('engine server', () => {
  it('saves the demo pipeline on first start, and it runs', async () => {
    const s = await server({ demo: true });
    const list = await api<PipelineSummary[]>(s, 'GET', '/api/pipelines');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]!.name).toBe(templates[0]!.title);
    const valid = await api<{ valid: boolean }>(
      s,
      'POST',
      '/api/validate',
      (await api<PipelineRecord>(s, 'GET', `/api/pipelines/${list.body[0]!.id}`)).body.document,
    );
    expect(valid.body).toEqual({ valid: true, problems: [] });
  });

  it('serves the operator catalogue with JSON Schemas for the forms', async () => {
    const s = await server({ demo: false });
    const res = await api<CatalogueEntry[]>(s, 'GET', '/api/operators');
    expect(res.status).toBe(200);
    const window = res.body.find((o) => o.type === 'window')!;
    expect(window.paramsSchema).toMatchObject({
      type: 'object',
      properties: { kind: { enum: ['tumbling', 'sliding', 'session'] } },
    });
    expect(res.body.map((o) => o.type)).toContain('source.generator');
  });

  it('runs a pipeline with live telemetry that adds up, real samples, and keeps it all across a restart', async () => {
    const dataDir = tempDir();
    const s = await server({ demo: false, dataDir });
    const saved = await savePipeline(s, livePipeline('live v1'));
    const updated = await api<PipelineRecord>(s, 'PUT', `/api/pipelines/${saved.id}`, {
      document: livePipeline('live v2'),
    });
    expect(updated.body.version).toBe(2);
    const run = await startRun(s, saved.id);
    expect(run.status).toBe('running');
    expect(run.pipelineVersion).toBe(2);

    const c = socket(s);
    const samplesOfRaw = next(c, 'samples', (m) => m.nodeId === 'raw');
    const samplesOfWindow = next(c, 'samples', (m) => m.nodeId === 'perCountry');
    expect(await subscribe(c, run.id)).toEqual({ ok: true });
    const first = await next(
      c,
      'telemetry',
      (m) => m.runId === run.id && node(m, 'gen').recordsOut > 0,
    );
    const later = await next(
      c,
      'telemetry',
      (m) => m.t >= first.t + 1500 && node(m, 'gen').rateOut1s > 0,
    );

    // Rates agree with the counts: the 1 s rate against the counts between two messages.
    const gen = node(later, 'gen');
    const prev = await next(c, 'telemetry', (m) => m.t > later.t);
    const now = await next(c, 'telemetry', (m) => m.t >= prev.t + 1000);
    const measured =
      ((node(now, 'gen').recordsOut - node(prev, 'gen').recordsOut) * 1000) / (now.t - prev.t);
    expect(node(now, 'gen').rateOut1s).toBeGreaterThan(measured * 0.6);
    expect(node(now, 'gen').rateOut1s).toBeLessThan(measured * 1.6);
    expect(gen.rateOut10s).toBeGreaterThan(0);
    expect(node(now, 'pay').recordsIn).toBe(node(now, 'gen').recordsOut);
    // Percentiles ordered, watermarks present.
    for (const n of now.nodes) {
      const { p50, p95, p99, max } = n.latencyUs;
      if (p50 === null) continue;
      expect(p50).toBeLessThanOrEqual(p95!);
      expect(p95).toBeLessThanOrEqual(p99!);
      expect(p99).toBeLessThanOrEqual(max!);
    }
    expect(typeof node(now, 'win').watermark).toBe('number');
    expect(node(now, 'win').state!.keys).toBeGreaterThan(0);
    // Samples are real output records.
    const raw = await samplesOfRaw;
    expect(raw.records.length).toBeGreaterThan(0);
    expect(raw.records[0]).toMatchObject({ type: 'payment', txId: expect.any(String) });
    const windows = await samplesOfWindow;
    expect(windows.records[0]).toMatchObject({
      country: expect.any(String),
      windowStart: expect.any(Number),
      n: expect.any(Number),
    });

    const stopped = await api<RunSummary>(s, 'POST', `/api/runs/${run.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('stopped');
    expect(
      stopped.body.metrics!.find((m) => m.nodeId === 'gen')!.recordsOut,
    ).toBeGreaterThanOrEqual(node(now, 'gen').recordsOut);

    // Restart on the same data directory: the pipeline, its versions and the run are there.
    await s.close();
    const again = await startServer({ port: 0, dataDir, log: () => {} });
    cleanup.push(() => again.close());
    const pipeline = await api<PipelineRecord>(again, 'GET', `/api/pipelines/${saved.id}`);
    expect(pipeline.body.name).toBe('live v2');
    const versions = await api<{ version: number }[]>(
      again,
      'GET',
      `/api/pipelines/${saved.id}/versions`,
    );
    expect(versions.body.map((v) => v.version)).toEqual([2, 1]);
    const v1 = await api<{ document: { name: string } }>(
      again,
      'GET',
      `/api/pipelines/${saved.id}/versions/1`,
    );
    expect(v1.body.document.name).toBe('live v1');
    const history = await api<RunSummary[]>(again, 'GET', `/api/runs?pipelineId=${saved.id}`);
    expect(history.body.map((r) => [r.id, r.status])).toEqual([[run.id, 'stopped']]);
    expect(history.body[0]!.metrics!.length).toBe(6);
  });

  it('fails a pipeline that throws inside an operator, alone; the other goes on', async () => {
    const s = await server({ demo: false });
    mkdirSync(join(s.dataDir, 'files'), { recursive: true });
    writeFileSync(join(s.dataDir, 'files', 'broken.csv'), '"unterminated,header\n1,2\n');
    const good = await savePipeline(s, livePipeline('good', 1000));
    const bad = await savePipeline(s, {
      version: 1,
      name: 'bad',
      nodes: [
        { id: 'rows', type: 'source.file', params: { path: 'broken.csv', format: 'csv' } },
        { id: 'out', type: 'sink.dashboard', params: {} },
      ],
      edges: [{ source: 'rows', target: 'out' }],
    });
    const c = socket(s);
    const goodRun = await startRun(s, good.id);
    await subscribe(c, goodRun.id);
    const before = await next(
      c,
      'telemetry',
      (m) => m.runId === goodRun.id && node(m, 'gen').recordsOut > 0,
    );
    const failed = next(c, 'status', (m) => m.status === 'failed');
    const badRun = await startRun(s, bad.id);
    const status = await failed;
    expect(status.runId).toBe(badRun.id);
    expect(status.error).toMatchObject({
      nodeId: 'rows',
      message: expect.stringContaining('node "rows"'),
    });
    const after = await next(
      c,
      'telemetry',
      (m) =>
        m.runId === goodRun.id &&
        m.t > before.t + 500 &&
        node(m, 'gen').recordsOut > node(before, 'gen').recordsOut,
    );
    expect(after.status).toBe('running');
    const summary = await api<RunSummary>(s, 'GET', `/api/runs/${badRun.id}`);
    expect(summary.body).toMatchObject({ status: 'failed', error: { nodeId: 'rows' } });
  });

  it("pages a run's dead letters with their reasons", async () => {
    const s = await server({ demo: false });
    mkdirSync(join(s.dataDir, 'files'), { recursive: true });
    writeFileSync(
      join(s.dataDir, 'files', 'messy.jsonl'),
      ['{"a":1}', 'oops', '[1]', '{"a":2}', 'nope'].join('\n'),
    );
    const saved = await savePipeline(s, {
      version: 1,
      name: 'messy',
      nodes: [
        { id: 'src', type: 'source.file', params: { path: 'messy.jsonl' } },
        { id: 'out', type: 'sink.file', params: { path: 'out/messy.jsonl' } },
      ],
      edges: [{ source: 'src', target: 'out' }],
    });
    const c = socket(s);
    const finished = next(c, 'status', (m) => m.pipelineId === saved.id && m.status === 'finished');
    const run = await startRun(s, saved.id);
    await finished;
    const page = await api<{ total: number; items: { reason: string }[] }>(
      s,
      'GET',
      `/api/runs/${run.id}/dead-letters?offset=1&limit=1`,
    );
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((d) => d.reason)).toEqual([
      'line 3: not a JSON object (got an array)',
    ]);
  });
});

function node(message: TelemetryMessage, id: string) {
  const found = message.nodes.find((n) => n.nodeId === id);
  if (!found) throw new Error(`no node ${id} in telemetry`);
  return found;
}
