import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunSummary } from '@rivulet/shared-types';
import { startServer } from '../server/server.js';
import { tempDir } from './support.js';
import { fmt, median } from './support.js';

const CLIENTS = 10;

function pipeline(limit: number) {
  return {
    version: 1,
    name: 'bench-sockets',
    nodes: [
      { id: 'gen', type: 'source.generator', params: { scenario: 'transactions', seed: 9, limit } },
      { id: 'filter', type: 'filter', params: { expr: 'amount > 20' } },
      { id: 'key', type: 'keyBy', params: { fields: ['cardId'] } },
      {
        id: 'win',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
      },
      { id: 'windows', type: 'sink.dashboard', params: {} },
      { id: 'raw', type: 'sink.dashboard', params: {} },
    ],
    edges: [
      { source: 'gen', target: 'filter' },
      { source: 'filter', target: 'key' },
      { source: 'key', target: 'win' },
      { source: 'win', target: 'windows' },
      { source: 'filter', target: 'raw' },
    ],
  };
}

/** (d) one pipeline's throughput with 10 subscribed socket.io clients (one never reading) against none. */
export async function socketsBench(events: number, rounds: number): Promise<void> {
  const server = await startServer({ port: 0, dataDir: tempDir(), demo: false, log: () => {} });
  const post = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await res.json()) as T;
  };
  const saved = await post<{ id: string }>('/api/pipelines', { document: pipeline(events) });

  async function once(withClients: boolean): Promise<{ rate: number; received: number }> {
    // The run starts first so that clients can subscribe to it; they are connected within ms.
    const run = await post<RunSummary>(`/api/pipelines/${saved.id}/runs`);
    let child: ReturnType<typeof fork> | null = null;
    if (withClients) {
      child = fork(fileURLToPath(new URL('./clients.js', import.meta.url)), [
        server.url,
        run.id,
        String(CLIENTS),
      ]);
      await new Promise((resolve) => child!.once('message', resolve));
    }
    const active = server.runs.active.get(run.id);
    await active?.done;
    const done = server.store.getRun(run.id)!;
    const gen = done.metrics!.find((m) => m.nodeId === 'gen')!;
    const rate = (gen.recordsOut / (done.finishedAt! - run.startedAt)) * 1000;
    let received = 0;
    if (child) {
      child.send({ report: true });
      received = (
        (await new Promise((resolve) => child!.once('message', resolve))) as { received: number }
      ).received;
      child.kill();
    }
    return { rate, received };
  }

  const none: number[] = [];
  const some: number[] = [];
  for (let round = 0; round < rounds; round++) {
    none.push((await once(false)).rate);
    const r = await once(true);
    some.push(r.rate);
    console.log(
      `  round ${round + 1}: no clients ${fmt(none.at(-1)!)} ev/s, ${CLIENTS} clients ${fmt(r.rate)} ev/s (${r.received} messages read by the 9 reading clients)`,
    );
  }
  const ratio = median(some) / median(none);
  console.log(
    `(d) telemetry: ${CLIENTS} clients ${fmt(median(some))} ev/s, none ${fmt(median(none))} ev/s, ratio ${ratio.toFixed(2)} (goal ≥ 0.9)${ratio >= 0.9 ? '' : '  BELOW GOAL'}`,
  );
  await server.close();
}
