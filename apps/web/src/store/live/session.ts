import type {
  RunHistory,
  SamplesMessage,
  StatusMessage,
  TelemetryMessage,
} from '@rivulet/shared-types';
import { api } from '../../api/client';
import { engineSocket } from '../../api/socket';
import {
  initialLive,
  isLive,
  type GetLive,
  type LiveState,
  type LiveStore,
  type SessionActions,
} from './state';
import { originOf } from '../../pipelines/runOrigin';
import { createRunBuffers, ingestSamples, ingestTelemetry, type TelemetrySummary } from './buffers';
import { replayHistory } from './history';
import { nextCheckpoints } from './checkpoints';
import { shapeOf } from './shape';

type Set = (partial: Partial<LiveState> | ((s: LiveStore) => Partial<LiveState>)) => void;
type Get = GetLive;

let listening = false;

/**
 * How often the figures every node card and edge shows (`latest` and the totals) change at
 * most: telemetry comes 4 times a second, and each change re-renders every card. The charts'
 * rings take every message.
 */
const FIGURES_MS = 500;
let figuresShownAt = -Infinity;
let figuresTimer: ReturnType<typeof setTimeout> | null = null;

/** A new run's first figures show at once; a pending showing of the last run's is dropped. */
function forgetFigures(): void {
  if (figuresTimer !== null) clearTimeout(figuresTimer);
  figuresTimer = null;
  figuresShownAt = -Infinity;
}

/** Binds the socket's messages to the store, once per page. */
function listen(get: Get, set: Set): void {
  if (listening) return;
  listening = true;
  const socket = engineSocket();
  /** Shows the figures of the last message now; a pending later showing is no longer needed. */
  const showFigures = (summary: TelemetrySummary) => {
    forgetFigures();
    figuresShownAt = performance.now();
    set(summary);
  };
  socket.on('telemetry', (message: TelemetryMessage) => {
    const s = get();
    if (message.runId !== s.runId || !s.buffers) return;
    const summary = ingestTelemetry(s.buffers, message);
    const ended = message.status !== 'running';
    set({
      checkpoints: nextCheckpoints(s.checkpoints, message.checkpoints),
      tick: s.tick + 1,
      ...(ended ? { runStatus: message.status } : {}),
    });
    const wait = figuresShownAt + FIGURES_MS - performance.now();
    if (ended || wait <= 0) showFigures(summary);
    else {
      // The latest message's figures, shown when the interval is over (never lost).
      if (figuresTimer !== null) clearTimeout(figuresTimer);
      figuresTimer = setTimeout(() => {
        if (get().runId === message.runId) showFigures(summary);
      }, wait);
    }
  });
  // Sent once on subscribe, before live messages: what the run kept, so a reload or a
  // dashboard opened late starts full. Buffers are rebuilt from it (a re-subscribe after a
  // reconnect gets it again and must not double what is there).
  socket.on('history', (message: RunHistory) => {
    const s = get();
    if (message.runId !== s.runId || !s.buffers) return;
    const buffers = createRunBuffers(s.buffers.shape);
    const summary = replayHistory(buffers, message);
    set({
      buffers,
      ...(summary ?? {}),
      checkpoints: message.telemetry.at(-1)?.checkpoints ?? s.checkpoints,
      historySince: message.since,
      tick: s.tick + 1,
      samplesTick: s.samplesTick + 1,
      ...(isLive(message.status) ? {} : { runStatus: message.status }),
    });
  });
  socket.on('samples', (message: SamplesMessage) => {
    const s = get();
    if (message.runId !== s.runId || !s.buffers) return;
    ingestSamples(s.buffers, message);
    set({ samplesTick: s.samplesTick + 1 });
  });
  socket.on('status', (message: StatusMessage) => {
    const s = get();
    if (message.runId === s.runId) {
      set({ runStatus: message.status, runError: message.error });
      // Resuming after the server restarted: the summary has the recovery (checkpoint, time).
      if (message.status === 'recovering' || s.runStatus === 'recovering') refresh(get, set);
    } else if (
      message.pipelineId === s.pipelineId &&
      message.status === 'running' &&
      s.runStatus !== 'running' &&
      s.busy === null
    ) {
      // Started elsewhere (another tab, the dashboard): follow it.
      void api.getRun(message.runId).then(
        (run) => {
          if (get().pipelineId === run.pipelineId && get().runStatus !== 'running')
            get().attach(run);
        },
        () => {},
      );
    }
  });
  // A reconnected socket has lost its rooms: follow the run again.
  // It may have come back from a restarted server, recovered meanwhile: read the run again.
  socket.on('connect', () => {
    const { runId, runStatus } = get();
    if (!runId || !isLive(runStatus)) return;
    void socket.emitWithAck('subscribe', { runId });
    refresh(get, set);
  });
}

/** Reads the followed run's summary again: its status and origin (recoveries, savepoints). */
function refresh(get: Get, set: Set): void {
  const { runId } = get();
  if (!runId) return;
  api.getRun(runId).then(
    (run) => {
      if (get().runId !== run.id) return;
      // An answer read before the run ended may arrive after its end was told: an ended run
      // never becomes live again.
      const now = get().runStatus;
      const ended = now === 'finished' || now === 'stopped' || now === 'failed';
      if (ended && isLive(run.status)) return;
      set({ runStatus: run.status, runError: run.error, origin: originOf(run) });
    },
    // The status and telemetry messages still say how the run goes.
    () => {},
  );
}

export function sessionActions(set: Set, get: Get): SessionActions {
  return {
    openPipeline(pipelineId, version, doc) {
      const s = get();
      // The same pipeline again (studio ⇄ dashboard): keep following its run and its buffers.
      if (s.pipelineId === pipelineId && s.buffers) {
        set({ version, ...(s.runStatus === 'running' ? {} : { doc }) });
        return;
      }
      s.detach();
      set({ pipelineId, version, doc });
    },
    setVersion(version) {
      set({ version });
    },
    async resume(pipelineId) {
      const runs = await api.listRuns(pipelineId);
      const running = runs.find((r) => isLive(r.status));
      if (running && get().pipelineId === pipelineId) get().attach(running);
    },
    attach(run, doc) {
      forgetFigures();
      listen(get, set);
      const s = get();
      if (s.runId === run.id && s.buffers) return;
      if (s.runId && s.runId !== run.id) {
        engineSocket().emit('unsubscribe', { runId: s.runId });
      }
      const runDoc = doc ?? s.doc;
      set({
        runId: run.id,
        runStatus: run.status,
        runStartedAt: run.startedAt,
        runError: run.error,
        origin: originOf(run),
        checkpoints: null,
        doc: runDoc,
        buffers: createRunBuffers(shapeOf(runDoc)),
        historySince: null,
        latest: {},
        lateRecords: 0,
        deadLetters: run.deadLetters,
        totalRate: 0,
        frozen: {},
        actionError: null,
      });
      void engineSocket()
        .timeout(5000)
        .emitWithAck('subscribe', { runId: run.id })
        .then(
          (reply) => {
            if (!reply.ok && get().runId === run.id)
              set({ actionError: { message: reply.message ?? 'subscribe refused', problems: [] } });
          },
          () => {
            // No answer in time: the 'connect' handler subscribes again once the socket is back.
          },
        );
    },
    detach() {
      forgetFigures();
      const { runId } = get();
      if (runId) engineSocket().emit('unsubscribe', { runId });
      set({ ...initialLive });
    },
    pauseSamples(nodeId, paused) {
      set((s) => {
        const frozen = { ...s.frozen };
        if (paused) frozen[nodeId] = s.buffers?.samples.get(nodeId) ?? [];
        else delete frozen[nodeId];
        return { frozen };
      });
    },
  };
}
