import type { RunSummary } from '@rivulet/shared-types';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Client from '../../api/client';

// The engine, faked: its socket ignores everything, its REST answers what a test says.
const fake = vi.hoisted(() => {
  const socket = {
    on: () => socket,
    emit: () => socket,
    timeout: () => socket,
    emitWithAck: () => Promise.resolve({ ok: true }),
  };
  return {
    socket,
    handlers: new Map<string, (message: unknown) => void>(),
    startRun: vi.fn(),
    stopRun: vi.fn(),
    getRun: vi.fn(),
  };
});

vi.mock('../../api/socket', () => ({
  engineSocket: () => ({
    ...fake.socket,
    on(event: string, handler: (message: unknown) => void) {
      fake.handlers.set(event, handler);
      return fake.socket;
    },
  }),
}));
vi.mock('../../api/client', async (original) => {
  const real = await original<typeof Client>();
  return {
    ...real,
    api: {
      ...real.api,
      startRun: fake.startRun,
      stopRun: fake.stopRun,
      getRun: fake.getRun,
    },
  };
});

const { ApiFailure } = await import('../../api/client');
const { useLive, selectRestoreProblems } = await import('../live');

const doc = {
  version: 1 as const,
  name: 'p',
  nodes: [
    { id: 'src', type: 'source.generator', params: {} },
    { id: 'perWindow', type: 'window', params: {} },
  ],
  edges: [{ source: 'src', target: 'perWindow' }],
};

const run = (id: string, over: Partial<RunSummary> = {}): RunSummary => ({
  id,
  pipelineId: 'p1',
  pipelineVersion: 2,
  status: 'running',
  startedAt: 1,
  finishedAt: null,
  error: null,
  deadLetters: 0,
  metrics: null,
  recoveries: [],
  restored: null,
  savepointId: null,
  ...over,
});

const unfit = new ApiFailure(422, {
  message: 'Saved state does not fit this version',
  problems: [{ nodeId: 'perWindow', message: 'window size changed from 2s to 5s' }],
});

describe('savepoint actions', () => {
  beforeEach(() => {
    useLive.getState().detach();
    useLive.getState().openPipeline('p1', 2, doc);
    fake.startRun.mockReset();
    fake.stopRun.mockReset();
  });

  it('stops with a savepoint and keeps its id', async () => {
    useLive.getState().attach(run('r1'));
    fake.stopRun.mockResolvedValue(run('r1', { status: 'stopped', savepointId: 'sp1' }));
    await useLive.getState().stopWithSavepoint();
    expect(fake.stopRun).toHaveBeenCalledWith('r1', { savepoint: true });
    expect(useLive.getState()).toMatchObject({
      runStatus: 'stopped',
      busy: null,
      actionError: null,
      origin: { savepointId: 'sp1' },
    });
  });

  it('shows the server’s message when the stop with savepoint fails', async () => {
    useLive.getState().attach(run('r1'));
    fake.stopRun.mockRejectedValue(new ApiFailure(500, { message: 'disk full', problems: [] }));
    await useLive.getState().stopWithSavepoint();
    expect(useLive.getState().actionError?.message).toBe('Stop with savepoint failed: disk full');
    expect(useLive.getState().runStatus).toBe('running');
  });

  it('keeps a refusal of saved state with its problems on their nodes, then starts dropping it', async () => {
    fake.startRun.mockRejectedValueOnce(unfit);
    const refused = await useLive.getState().startFromSavepoint(doc, 'sp1');
    expect(refused?.status).toBe('refused');
    expect(fake.startRun).toHaveBeenCalledWith('p1', {
      fromSavepoint: 'sp1',
      allowNonRestoredState: false,
    });
    const s = useLive.getState();
    expect(s.actionError).toBeNull();
    expect(s.restoreRefusal?.savepointId).toBe('sp1');
    expect(selectRestoreProblems('perWindow')(s)?.[0]?.message).toMatch(/window size/);
    expect(selectRestoreProblems('src')(s)).toBeUndefined();

    const restored = { savepointId: 'sp1', emptyNodes: [], droppedNodes: ['perWindow'] };
    fake.startRun.mockResolvedValueOnce(run('r2', { restored }));
    const started = await useLive.getState().startFromSavepoint(doc, 'sp1', true);
    expect(started?.status).toBe('started');
    expect(fake.startRun).toHaveBeenLastCalledWith('p1', {
      fromSavepoint: 'sp1',
      allowNonRestoredState: true,
    });
    expect(useLive.getState()).toMatchObject({
      runId: 'r2',
      runStatus: 'running',
      restoreRefusal: null,
      origin: { restored },
    });
  });

  it('shows any other failure to start as the run controls’ refusal', async () => {
    fake.startRun.mockRejectedValueOnce(
      new ApiFailure(404, { message: 'no savepoint "gone"', problems: [] }),
    );
    const outcome = await useLive.getState().startFromSavepoint(doc, 'gone');
    expect(outcome?.status).toBe('failed');
    expect(useLive.getState().actionError?.message).toBe('no savepoint "gone"');
    expect(useLive.getState().restoreRefusal).toBeNull();
  });
});

describe('a run that recovers', () => {
  it('reads the run again when it resumes, for the checkpoint it resumed from', async () => {
    useLive.getState().detach();
    useLive.getState().openPipeline('p1', 2, doc);
    useLive.getState().attach(run('r1'));
    const recoveries = [{ checkpoint: 7, at: 1000 }];
    fake.getRun.mockResolvedValue(run('r1', { status: 'recovering', recoveries }));
    const status = fake.handlers.get('status')!;
    status({ runId: 'r1', pipelineId: 'p1', status: 'recovering', error: null });
    expect(useLive.getState().runStatus).toBe('recovering');
    await vi.waitFor(() => expect(useLive.getState().origin.recoveries).toEqual(recoveries));
  });
});

describe('checkpoint telemetry', () => {
  it('keeps the latest checkpoint figures of the followed run', () => {
    useLive.getState().detach();
    useLive.getState().openPipeline('p1', 2, doc);
    useLive.getState().attach(run('r1'));
    const figures = { completed: 3, failed: 1, last: { id: 3, at: 5, durationMs: 9, bytes: 10 } };
    const telemetry = fake.handlers.get('telemetry')!;
    telemetry({ runId: 'r1', t: 1, status: 'running', nodes: [], checkpoints: figures });
    const first = useLive.getState().checkpoints;
    expect(first).toEqual(figures);
    telemetry({ runId: 'r1', t: 2, status: 'running', nodes: [], checkpoints: { ...figures } });
    expect(useLive.getState().checkpoints).toBe(first);
    telemetry({ runId: 'other', t: 3, status: 'running', nodes: [], checkpoints: null });
    expect(useLive.getState().checkpoints).toBe(first);
  });
});
