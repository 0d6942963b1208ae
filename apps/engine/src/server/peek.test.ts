import { PEEK_CAPACITY, PeekResponse, type RunSummary } from '@rivulet/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { MAX_PREVIEW_CHARS } from '../preview.js';
import {
  api,
  livePipeline,
  runEnded,
  savePipeline,
  startRun,
  testServer,
  until,
} from '../test-support/server.js';
import { validatePipeline } from '../validate.js';
import { EdgePeeks } from './peek.js';
import type { RunningServer } from './server.js';

function job(limit: number): Job {
  const valid = validatePipeline({
    version: 1,
    name: 'peek',
    nodes: [
      {
        id: 'src',
        type: 'source.generator',
        params: { scenario: 'clickstream', seed: 1, limit },
      },
      { id: 'out', type: 'sink.dashboard', params: { widget: 'table' } },
    ],
    edges: [{ id: 'e1', source: 'src', target: 'out' }],
  });
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  return new Job(valid.value, { io: nodeIO() });
}

describe('EdgePeeks', () => {
  it('samples nothing until asked: the tap stays off', async () => {
    const j = job(200);
    const tap = j.tap('src', 'out')!;
    let taken = 0;
    tap.take = () => taken++;
    await j.run();
    expect(tap.on).toBe(false);
    expect(taken).toBe(0);
  });

  it('keeps the last records on the port, newest first, with their seq and event time', async () => {
    const j = job(300);
    let t = 1_000;
    const peeks = new EdgePeeks('r1', j, () => t);
    const first = peeks.ask('src', 'out')!;
    expect(first.records).toEqual([]);
    expect(first.total).toBe(0);
    await j.run();
    t += 2_000;
    const answer = peeks.ask('src', 'out')!;
    expect(PeekResponse.parse(answer)).toEqual(answer);
    expect(answer.total).toBe(300);
    expect(answer.since).toBe(1_000);
    expect(answer.ratePerSecond).toBe(150);
    expect(answer.records).toHaveLength(PEEK_CAPACITY);
    expect(answer.records.map((r) => r.seq)).toEqual(
      Array.from({ length: PEEK_CAPACITY }, (_, i) => 300 - i),
    );
    for (const r of answer.records) {
      expect(typeof r.eventTime).toBe('number');
      expect(r.record).toMatchObject({ userId: expect.any(String) });
    }
    // Event times of the generator rise: newest first means falling.
    const times = answer.records.map((r) => r.eventTime);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    peeks.close();
  });

  it('cuts a large record as sink samples are cut', () => {
    const j = job(1);
    const peeks = new EdgePeeks('r1', j);
    peeks.ask('src', 'out');
    const tap = j.tap('src', 'out')!;
    expect(tap.on).toBe(true);
    tap.take({ text: 'x'.repeat(MAX_PREVIEW_CHARS * 4) }, 5);
    const [only] = peeks.ask('src', 'out')!.records;
    expect(only!.eventTime).toBe(5);
    expect(typeof only!.record).toBe('string');
    expect(only!.record as string).toContain('(text of 16,384 characters)');
    peeks.close();
  });

  it('turns sampling off once nobody has asked for a while, and forgets the records', async () => {
    const j = job(1);
    const peeks = new EdgePeeks('r1', j, Date.now, 50);
    peeks.ask('src', 'out');
    const tap = j.tap('src', 'out')!;
    tap.take({ a: 1 }, 1);
    expect(tap.on).toBe(true);
    await until(() => peeks.size === 0, 10_000);
    expect(tap.on).toBe(false);
    expect(peeks.ask('src', 'out')!.records).toEqual([]);
    peeks.close();
  });

  it('answers null for a node or a port the job does not have', () => {
    const peeks = new EdgePeeks('r1', job(1));
    expect(peeks.ask('nope', 'out')).toBeNull();
    expect(peeks.ask('src', 'nope')).toBeNull();
    expect(peeks.ask('out', 'out')).toBeNull();
  });
});

describe('GET /api/runs/:id/peek', () => {
  let server: RunningServer;
  let run: RunSummary;

  beforeAll(async () => {
    server = await testServer();
    const saved = await savePipeline(server, livePipeline('peek', 500));
    run = await startRun(server, saved.id);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers the records on the edge from the run’s worker, and updates', async () => {
    const path = `/api/runs/${run.id}/peek?node=pay&port=out`;
    const first = await until(async () => {
      const res = await api<PeekResponse>(server, 'GET', path);
      return res.status === 200 && res.body.records.length > 0 ? res.body : null;
    }, 60_000);
    expect(PeekResponse.parse(first)).toEqual(first);
    expect(first.nodeId).toBe('pay');
    for (const r of first.records) expect(r.record).toMatchObject({ type: 'payment' });
    const later = await until(async () => {
      const res = await api<PeekResponse>(server, 'GET', path);
      return res.body.total > first.total ? res.body : null;
    }, 60_000);
    expect(later.records[0]!.seq).toBeGreaterThan(first.records[0]!.seq);
    expect(later.since).toBe(first.since);
  });

  it('refuses a bad query, an unknown port and an unknown run', async () => {
    const noNode = await api(server, 'GET', `/api/runs/${run.id}/peek`);
    expect(noNode.status).toBe(400);
    const badPort = await api<{ message: string }>(
      server,
      'GET',
      `/api/runs/${run.id}/peek?node=pay&port=nope`,
    );
    expect(badPort.status).toBe(404);
    expect(badPort.body.message).toContain('"nope"');
    const noRun = await api(server, 'GET', `/api/runs/nope/peek?node=pay`);
    expect(noRun.status).toBe(404);
  });

  it('answers 409 once the run has ended', async () => {
    const ended = runEnded(server, run.id);
    await api(server, 'POST', `/api/runs/${run.id}/stop`);
    await ended;
    const res = await api<{ message: string }>(server, 'GET', `/api/runs/${run.id}/peek?node=pay`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('not running');
  });
});
