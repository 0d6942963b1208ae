import type {
  StatusMessage,
  PipelineRecord,
  RunSummary,
  ServerToClientEvents,
  ClientToServerEvents,
} from '@rivulet/shared-types';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type RunningServer, type ServerOptions } from '../server/server.js';
import { tempDir } from './files.js';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function testServer(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, dataDir: tempDir(), log: () => {}, ...options });
}

export async function api<T = unknown>(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function savePipeline(
  server: RunningServer,
  document: unknown,
): Promise<PipelineRecord> {
  const res = await api<PipelineRecord>(server, 'POST', '/api/pipelines', { document });
  if (res.status !== 201) throw new Error(`save failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function startRun(server: RunningServer, pipelineId: string): Promise<RunSummary> {
  const res = await api<RunSummary>(server, 'POST', `/api/pipelines/${pipelineId}/runs`);
  if (res.status !== 201)
    throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function client(server: RunningServer, token?: string): Client {
  return connect(server.url, {
    transports: ['websocket'],
    reconnection: false,
    ...(token ? { auth: { token } } : {}),
  });
}

/** Resolves with the first event of that name that satisfies the predicate (never a sleep). */
export function next<E extends keyof ServerToClientEvents>(
  socket: Client,
  event: E,
  predicate: (message: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${String(event)} matched within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (message: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(message)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(message);
    };
    socket.on(event, handler as never);
  });
}

export async function subscribe(
  socket: Client,
  runId: string,
): Promise<{ ok: boolean; message?: string }> {
  return socket.emitWithAck('subscribe', { runId });
}

/** A live pipeline: paced generated payments, a window, two dashboard sinks. */
export function livePipeline(name = 'live', rate = 2000) {
  return {
    version: 1,
    name,
    nodes: [
      {
        id: 'gen',
        type: 'source.generator',
        params: { scenario: 'transactions', ratePerSec: rate, seed: 5 },
      },
      { id: 'pay', type: 'filter', params: { expr: "type == 'payment'" } },
      { id: 'byCard', type: 'keyBy', params: { fields: ['country'] } },
      {
        id: 'win',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '1s',
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
      },
      { id: 'perCountry', type: 'sink.dashboard', params: { widget: 'table' } },
      { id: 'raw', type: 'sink.dashboard', params: { widget: 'table' } },
    ],
    edges: [
      { source: 'gen', target: 'pay' },
      { source: 'pay', target: 'byCard' },
      { source: 'byCard', target: 'win' },
      { source: 'win', target: 'perCountry' },
      { source: 'pay', target: 'raw' },
    ],
  };
}

/** Resolves with the status message that ends this run (from the run manager, no polling). */
export function runEnded(s: RunningServer, runId: string): Promise<StatusMessage> {
  return new Promise((resolve) => {
    const on = (m: StatusMessage) => {
      if (m.runId !== runId || m.status === 'running' || m.status === 'recovering') return;
      s.runs.off('status', on);
      resolve(m);
    };
    s.runs.on('status', on);
    // It may have ended already (a run that fails while being built ends at once).
    const stored = s.store.getRun(runId);
    if (stored && !s.runs.active.has(runId) && stored.status !== 'running')
      on({ runId, pipelineId: stored.pipelineId, status: stored.status, error: stored.error });
  });
}

/**
 * Checks a condition every 50 ms until it gives a value (not null or undefined), failing after
 * `ms`: a wait on a condition, never a bare sleep.
 */
export async function until<T>(
  check: () => Promise<T | null | undefined> | T | null | undefined,
  ms = 60_000,
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && (value as unknown) !== false) return value;
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
