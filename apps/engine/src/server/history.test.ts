import type { RunHistory, SamplesMessage, TelemetryMessage } from '@rivulet/shared-types';
import { afterEach, describe, expect, it } from 'vitest';
import {
  api,
  client,
  livePipeline,
  savePipeline,
  startRun,
  subscribe,
  testServer,
  until,
} from '../test-support/server.js';
import {
  COARSE_POINTS,
  COARSE_STEP_MS,
  FINE_POINTS,
  HistoryKeeper,
  MAX_LOG_ENTRIES,
  RunRecord,
  SAMPLE_BYTES_PER_SINK,
  SAMPLES_PER_SINK,
} from './history.js';

const T0 = Date.UTC(2026, 0, 1, 10, 42);

function telemetry(t: number, extra: Partial<TelemetryMessage> = {}): TelemetryMessage {
  return { runId: 'r1', t, status: 'running', nodes: [], checkpoints: null, ...extra };
}

function samples(nodeId: string, t: number, records: unknown[]): SamplesMessage {
  return { runId: 'r1', nodeId, t, records };
}

/** Feeds `seconds` of telemetry at four messages a second. */
function feed(record: RunRecord, seconds: number, from = T0): void {
  for (let t = from; t < from + seconds * 1000; t += 250) record.addTelemetry(telemetry(t));
}

describe('RunRecord telemetry', () => {
  it('keeps one point a second for the last two minutes, then one per 10 s', () => {
    const record = new RunRecord('r1', 'p1', T0, 'running');
    feed(record, 5 * 60);
    const { telemetry: points } = record.snapshot();
    const times = points.map((p) => p.t);
    // Oldest first, strictly increasing.
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    const newest = times.at(-1)!;
    expect(newest).toBe(T0 + 5 * 60_000 - 250); // the latest message is always kept
    const recent = times.filter((t) => newest - t < FINE_POINTS * 1000);
    const older = times.filter((t) => newest - t >= FINE_POINTS * 1000);
    // One point per second while young...
    for (let i = 1; i < recent.length; i++) expect(recent[i]! - recent[i - 1]!).toBe(1000);
    expect(recent.length).toBeGreaterThanOrEqual(FINE_POINTS - 1);
    // ...one per 10 s bucket when older, reaching back to the run's start.
    for (let i = 1; i < older.length; i++) expect(older[i]! - older[i - 1]!).toBe(COARSE_STEP_MS);
    expect(times[0]! - T0).toBeLessThan(COARSE_STEP_MS);
  });

  it('is bounded: after an hour it holds at most FINE + COARSE points, covering 10+ minutes', () => {
    const record = new RunRecord('r1', 'p1', T0, 'running');
    feed(record, 60 * 60);
    const points = record.snapshot().telemetry;
    expect(points.length).toBeLessThanOrEqual(FINE_POINTS + COARSE_POINTS);
    const span = points.at(-1)!.t - points[0]!.t;
    expect(span).toBeGreaterThanOrEqual(10 * 60_000);
  });

  it('keeps whole messages, whatever fields they carry', () => {
    const record = new RunRecord('r1', 'p1', T0, 'running');
    const message = { ...telemetry(T0), someNewField: { a: 1 } } as TelemetryMessage;
    record.addTelemetry(message);
    expect(record.snapshot().telemetry[0]).toBe(message);
  });

  it('logs checkpoint failures and lost connections as warnings', () => {
    const record = new RunRecord('r1', 'p1', T0, 'running');
    const checkpoints = (failed: number) => ({ completed: 1, failed, last: null });
    const conn = (status: 'connected' | 'reconnecting') => [
      {
        nodeId: 'kafka',
        connection: {
          status,
          error: status === 'connected' ? null : 'broker down',
          lag: null,
          lagTotal: null,
        },
      },
    ];
    record.addTelemetry(
      telemetry(T0, { checkpoints: checkpoints(0), nodes: conn('connected') as never }),
    );
    record.addTelemetry(
      telemetry(T0 + 1000, { checkpoints: checkpoints(1), nodes: conn('reconnecting') as never }),
    );
    record.addTelemetry(
      telemetry(T0 + 2000, { checkpoints: checkpoints(1), nodes: conn('connected') as never }),
    );
    expect(record.snapshot().log.map((e) => [e.kind, e.level, e.message])).toEqual([
      ['checkpoint-failed', 'warning', 'a checkpoint failed (1 in all)'],
      ['connection', 'warning', 'connection lost: broker down'],
      ['connection', 'info', 'connected again'],
    ]);
  });

  it("logs each node's first dead letters once", () => {
    const record = new RunRecord('r1', 'p1', T0, 'running');
    const dead = (n: number) => [{ nodeId: 'parse', deadLetters: n }] as never;
    record.addTelemetry(telemetry(T0, { nodes: dead(0) }));
    record.addTelemetry(telemetry(T0 + 1000, { nodes: dead(3) }));
    record.addTelemetry(telemetry(T0 + 2000, { nodes: dead(9) }));
    expect(record.snapshot().log.map((e) => [e.t, e.kind, e.level, e.nodeId])).toEqual([
      [T0 + 1000, 'dead-letters', 'warning', 'parse'],
    ]);
  });

  it('keeps at most MAX_LOG_ENTRIES log entries, the first one included', () => {
    const record = new RunRecord('r1', 'p1', T0, 'running');
    for (let i = 0; i < MAX_LOG_ENTRIES * 3; i++)
      record.addLog({ t: T0 + i, kind: 'checkpoint-failed', level: 'warning', message: `#${i}` });
    const log = record.snapshot().log;
    expect(log).toHaveLength(MAX_LOG_ENTRIES);
    expect(log[0]!.message).toBe('#0');
    expect(log.at(-1)!.message).toBe(`#${MAX_LOG_ENTRIES * 3 - 1}`);
  });
});

describe('RunRecord samples', () => {
  it('keeps the last SAMPLES_PER_SINK records of each sink, replayed in arrival order', () => {
    const record = new RunRecord('r1', 'p1', T0, 'running');
    let n = 0;
    for (let tick = 0; tick < 200; tick++) {
      record.addSamples(samples('alerts', T0 + tick * 250, [{ n: n++ }, { n: n++ }, { n: n++ }]));
      if (tick % 50 === 0) record.addSamples(samples('table', T0 + tick * 250, [{ m: tick }]));
    }
    const replay = record.snapshot().samples;
    const alerts = replay.filter((m) => m.nodeId === 'alerts').flatMap((m) => m.records);
    expect(alerts).toHaveLength(SAMPLES_PER_SINK);
    // The newest ones, in order.
    expect(alerts.map((r) => (r as { n: number }).n)).toEqual(
      Array.from({ length: SAMPLES_PER_SINK }, (_, i) => n - SAMPLES_PER_SINK + i),
    );
    // The sinks interleave as they arrived, times never going back.
    const times = replay.map((m) => m.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(replay.filter((m) => m.nodeId === 'table').flatMap((m) => m.records)).toEqual([
      { m: 0 },
      { m: 50 },
      { m: 100 },
      { m: 150 },
    ]);
    // Records of one sink and tick travel together again.
    expect(replay.at(-1)!.records).toHaveLength(3);
  });

  it('keeps at most SAMPLE_BYTES_PER_SINK of JSON per sink; a huge record becomes a note', () => {
    const record = new RunRecord('r1', 'p1', T0, 'running');
    const text = 'x'.repeat(10_000);
    for (let i = 0; i < 300; i++) record.addSamples(samples('s', T0 + i, [{ i, text }]));
    record.addSamples(samples('s', T0 + 400, [{ huge: 'y'.repeat(2_000_000) }]));
    const kept = record.snapshot().samples.flatMap((m) => m.records);
    const bytes = kept.reduce<number>((sum, r) => sum + JSON.stringify(r).length, 0);
    expect(bytes).toBeLessThanOrEqual(SAMPLE_BYTES_PER_SINK);
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.at(-1)).toEqual({ note: expect.stringContaining('too large to keep') as string });
    expect((kept.at(-2) as { i: number }).i).toBe(299);
  });
});

describe('HistoryKeeper', () => {
  const run = (runId: string) => ({ runId, pipelineId: 'p1', pipelineVersion: 3 });

  it('logs a run from its start to its failure, with the error', () => {
    const keeper = new HistoryKeeper();
    keeper.begin(run('r1'), 'started', T0);
    keeper.status({ runId: 'r1', pipelineId: 'p1', status: 'running', error: null }, T0 + 10);
    keeper.telemetry(telemetry(T0 + 500));
    keeper.status(
      {
        runId: 'r1',
        pipelineId: 'p1',
        status: 'failed',
        error: { nodeId: 'src', message: 'node "src": file gone' },
      },
      T0 + 1000,
    );
    const history = keeper.get('r1')!;
    expect(history.status).toBe('failed');
    expect(history.since).toBe(T0);
    expect(history.telemetry).toHaveLength(1);
    expect(history.log.map((e) => [e.t, e.kind, e.level, e.message])).toEqual([
      [T0, 'started', 'info', 'started version 3'],
      [T0 + 1000, 'failed', 'error', 'failed in node "src": file gone'],
    ]);
  });

  it('logs a recovery and the run resuming', () => {
    const keeper = new HistoryKeeper();
    keeper.begin(run('r1'), 'recovering', T0);
    keeper.status({ runId: 'r1', pipelineId: 'p1', status: 'recovering', error: null }, T0);
    keeper.status({ runId: 'r1', pipelineId: 'p1', status: 'running', error: null }, T0 + 5);
    keeper.status({ runId: 'r1', pipelineId: 'p1', status: 'stopped', error: null }, T0 + 9);
    expect(keeper.get('r1')!.log.map((e) => e.kind)).toEqual(['recovering', 'running', 'stopped']);
  });

  it('ignores messages of runs it does not follow', () => {
    const keeper = new HistoryKeeper();
    keeper.telemetry(telemetry(T0));
    keeper.samples(samples('s', T0, [1]));
    expect(keeper.get('r1')).toBeNull();
    expect(keeper.size).toBe(0);
  });

  it('keeps the last N finished runs, and active ones whatever their number', () => {
    const keeper = new HistoryKeeper(3);
    for (let i = 0; i < 10; i++) keeper.begin(run(`r${i}`), 'started', T0 + i);
    for (let i = 0; i < 8; i++)
      keeper.status({ runId: `r${i}`, pipelineId: 'p1', status: 'finished', error: null });
    expect(keeper.size).toBe(2 + 3);
    expect(keeper.get('r4')).toBeNull();
    expect(keeper.get('r5')!.status).toBe('finished');
    expect(keeper.get('r9')!.status).toBe('running');
    keeper.forget('r9');
    expect(keeper.get('r9')).toBeNull();
  });
});

describe('history on the server', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('a late subscriber gets the history first, then live messages; the API keeps it after the end', async () => {
    const s = await testServer();
    cleanup.push(() => s.close());
    const pipeline = await savePipeline(s, livePipeline('history', 500));
    const run = await startRun(s, pipeline.id);
    const kept = () => api<RunHistory>(s, 'GET', `/api/runs/${run.id}/telemetry`);
    // Opened late: after a few telemetry points and samples.
    await until(async () => {
      const { body } = await kept();
      return body.telemetry.length >= 3 && body.samples.some((m) => m.nodeId === 'raw');
    });

    const c = client(s);
    cleanup.push(() => void c.close());
    const events: { event: string; message: { t?: number } }[] = [];
    c.onAny((event: string, message: { t?: number }) => events.push({ event, message }));
    expect(await subscribe(c, run.id)).toEqual({ ok: true });
    await until(() => events.filter((e) => e.event === 'telemetry').length >= 2);

    expect(events[0]!.event).toBe('history');
    const history = events[0]!.message as RunHistory;
    expect(history).toMatchObject({ runId: run.id, status: 'running', kept: true });
    expect(history.since).toBe(run.startedAt);
    expect(history.log[0]).toMatchObject({ kind: 'started', message: 'started version 1' });
    const times = history.telemetry.map((m) => m.t);
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(history.samples.some((m) => m.nodeId === 'raw' && m.records.length > 0)).toBe(true);
    // Then live: nothing repeated from the history.
    const live = events.slice(1).filter((e) => e.event === 'telemetry');
    expect(live[0]!.message.t).toBeGreaterThan(times.at(-1)!);

    expect((await api(s, 'POST', `/api/runs/${run.id}/stop`)).status).toBe(200);
    const after = (await kept()).body;
    expect(after).toMatchObject({ status: 'stopped', kept: true });
    expect(after.log.at(-1)).toMatchObject({ kind: 'stopped', level: 'info' });
    expect(after.telemetry.at(-1)!.status).toBe('stopped');

    expect((await api(s, 'GET', '/api/runs/no-such-run/telemetry')).status).toBe(404);
  });
});
