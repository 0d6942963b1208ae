import type { RunSummary } from '@rivulet/shared-types';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (message: unknown) => void;

// A fake engine socket: records what the store emits and lets the test deliver messages.
const fake = vi.hoisted(() => {
  const handlers = new Map<string, Handler[]>();
  const emitted: [string, unknown][] = [];
  const socket = {
    on(event: string, handler: Handler) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return socket;
    },
    emit(event: string, message: unknown) {
      emitted.push([event, message]);
      return socket;
    },
    timeout() {
      return socket;
    },
    emitWithAck(event: string, message: unknown) {
      emitted.push([event, message]);
      return Promise.resolve({ ok: true });
    },
  };
  const deliver = (event: string, message: unknown) =>
    (handlers.get(event) ?? []).forEach((h) => h(message));
  return { socket, emitted, deliver };
});

vi.mock('../../api/socket', () => ({ engineSocket: () => fake.socket }));

const { useLive, selectNodeStats, selectRunActive } = await import('../live');

const doc = {
  version: 1 as const,
  name: 'p',
  nodes: [
    { id: 'src', type: 'source.generator', params: {} },
    { id: 'out', type: 'sink.dashboard', params: {} },
  ],
  edges: [{ source: 'src', target: 'out' }],
};

const run = (id: string, status: RunSummary['status'] = 'running'): RunSummary => ({
  id,
  pipelineId: 'p1',
  pipelineVersion: 1,
  status,
  startedAt: 1,
  finishedAt: null,
  error: null,
  deadLetters: 0,
  metrics: null,
  recoveries: [],
  restored: null,
  savepointId: null,
});

const telemetry = (runId: string, t: number, rate: number) => ({
  runId,
  t,
  status: 'running',
  nodes: [
    {
      nodeId: 'src',
      recordsIn: 0,
      recordsOut: t,
      rateIn1s: 0,
      rateOut1s: rate,
      rateIn10s: 0,
      rateOut10s: rate,
      latencyUs: { p50: null, p95: null, p99: null, max: null },
      lateRecords: 0,
      dropped: 0,
      deadLetters: 0,
      backpressure: 0,
      state: null,
      watermark: null,
      watermarkLagMs: null,
    },
  ],
});

describe('live store subscriptions', () => {
  beforeEach(() => {
    useLive.getState().detach();
    fake.emitted.length = 0;
  });

  it('subscribes on attach, takes only its run’s telemetry, and finishes on status', () => {
    useLive.getState().openPipeline('p1', 1, doc);
    useLive.getState().attach(run('r1'));
    expect(fake.emitted).toContainEqual(['subscribe', { runId: 'r1' }]);
    expect(selectRunActive(useLive.getState())).toBe(true);

    fake.deliver('telemetry', telemetry('r1', 1000, 120));
    fake.deliver('telemetry', telemetry('other', 1000, 999));
    const s = useLive.getState();
    expect(selectNodeStats('src')(s)?.rateOut1s).toBe(120);
    expect(s.totalRate).toBe(120);
    expect(s.tick).toBe(1);

    fake.deliver('status', {
      runId: 'r1',
      pipelineId: 'p1',
      status: 'failed',
      error: { nodeId: 'out', message: 'boom' },
    });
    expect(useLive.getState().runStatus).toBe('failed');
    expect(useLive.getState().runError).toEqual({ nodeId: 'out', message: 'boom' });
    expect(selectRunActive(useLive.getState())).toBe(false);
  });

  it('shows node figures at most twice a second, the latest message last, never lost', () => {
    vi.useFakeTimers();
    try {
      useLive.getState().openPipeline('p1', 1, doc);
      useLive.getState().attach(run('r1'));
      fake.deliver('telemetry', telemetry('r1', 1000, 10));
      expect(useLive.getState().totalRate).toBe(10);
      fake.deliver('telemetry', telemetry('r1', 1250, 20));
      fake.deliver('telemetry', telemetry('r1', 1500, 30));
      // The charts' rings took both; the cards still show the first figures.
      expect(useLive.getState().tick).toBe(3);
      expect(useLive.getState().totalRate).toBe(10);
      vi.advanceTimersByTime(500);
      expect(useLive.getState().totalRate).toBe(30);
      expect(selectNodeStats('src')(useLive.getState())?.rateOut1s).toBe(30);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps following the run when the same pipeline is opened again, and forgets it for another', () => {
    useLive.getState().openPipeline('p1', 1, doc);
    useLive.getState().attach(run('r1'));
    fake.deliver('telemetry', telemetry('r1', 1000, 50));
    const buffers = useLive.getState().buffers;

    useLive.getState().openPipeline('p1', 2, doc);
    expect(useLive.getState().buffers).toBe(buffers);
    expect(useLive.getState().runId).toBe('r1');
    expect(useLive.getState().version).toBe(2);

    useLive.getState().openPipeline('p2', 1, doc);
    expect(fake.emitted).toContainEqual(['unsubscribe', { runId: 'r1' }]);
    expect(useLive.getState()).toMatchObject({
      pipelineId: 'p2',
      runId: null,
      runStatus: 'idle',
      buffers: null,
    });
  });

  it('freezes a paused sample table while new samples arrive', () => {
    useLive.getState().openPipeline('p1', 1, doc);
    useLive.getState().attach(run('r1'));
    fake.deliver('samples', { runId: 'r1', nodeId: 'out', t: 1, records: [{ a: 1 }] });
    useLive.getState().pauseSamples('out', true);
    fake.deliver('samples', { runId: 'r1', nodeId: 'out', t: 2, records: [{ a: 2 }] });
    expect(useLive.getState().frozen.out?.map((r) => r.record)).toEqual([{ a: 1 }]);
    expect(useLive.getState().buffers?.samples.get('out')?.length).toBe(2);
    useLive.getState().pauseSamples('out', false);
    expect(useLive.getState().frozen.out).toBeUndefined();
  });
});
