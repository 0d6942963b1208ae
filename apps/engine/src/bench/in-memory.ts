import { registry, type SourceBatch, type SourceRuntime } from '@rivulet/operators';
import { bareContext, runJob } from './support.js';

/** (a) generator → filter → keyBy → tumbling count and sum, in memory. */
export const generatorParams = (limit: number) => ({ scenario: 'transactions', seed: 11, limit });
const SIZE = 60_000;

export function inMemoryPipeline(limit: number) {
  return {
    version: 1,
    name: 'bench-a',
    nodes: [
      { id: 'gen', type: 'source.generator', params: generatorParams(limit) },
      { id: 'filter', type: 'filter', params: { expr: 'amount > 20' } },
      { id: 'key', type: 'keyBy', params: { fields: ['cardId'] } },
      {
        id: 'win',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: SIZE,
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
      },
      { id: 'sink', type: 'sink.dashboard', params: {} },
    ],
    edges: [
      { source: 'gen', target: 'filter' },
      { source: 'filter', target: 'key' },
      { source: 'key', target: 'win' },
      { source: 'win', target: 'sink' },
    ],
  };
}

export async function engineInMemory(
  limit: number,
): Promise<{ events: number; outputs: number; ms: number }> {
  const t0 = performance.now();
  const { result } = await runJob(inMemoryPipeline(limit));
  const ms = performance.now() - t0;
  return {
    events: result.nodes[0]!.recordsOut,
    outputs: result.nodes.find((n) => n.nodeId === 'sink')!.recordsIn,
    ms,
  };
}

export function createGenerator(limit: number): SourceRuntime {
  const def = registry.get('source.generator')!;
  if (def.kind !== 'source') throw new Error('source.generator is not a source');
  return def.create(def.params.parse(generatorParams(limit)), bareContext());
}

interface Acc {
  n: number;
  total: number;
  any: boolean;
}

/** The same work as one hand-written loop: the practical limit. */
export async function handInMemory(
  limit: number,
): Promise<{ events: number; outputs: number; ms: number }> {
  const t0 = performance.now();
  const source = createGenerator(limit);
  const delay = source.maxOutOfOrderness ?? 0;
  const byStart = new Map<number, Map<string, Acc>>();
  const out: unknown[] = [];
  let outputs = 0;
  let events = 0;
  let maxTs = -Infinity;
  let wm = -Infinity;
  const fire = (upTo: number) => {
    for (const [start, keys] of byStart) {
      if (start + SIZE - 1 > upTo) continue;
      for (const [cardId, acc] of keys) {
        out.push({
          cardId,
          windowStart: start,
          windowEnd: start + SIZE,
          n: acc.n,
          total: acc.any ? acc.total : null,
        });
        outputs++;
      }
      byStart.delete(start);
      if (out.length > 4096) out.length = 0;
    }
  };
  for (;;) {
    const batch: SourceBatch | null = await source.next(1024);
    if (batch === null) break;
    const { records, times } = batch;
    events += records.length;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const ts = times[i]!;
      const amount = r.amount;
      if (typeof amount === 'number' && amount > 20) {
        if (ts + SIZE - 1 - (ts % SIZE) > wm) {
          const start = ts - (ts % SIZE);
          let keys = byStart.get(start);
          if (!keys) byStart.set(start, (keys = new Map()));
          const card = String(r.cardId);
          let acc = keys.get(card);
          if (!acc) keys.set(card, (acc = { n: 0, total: 0, any: false }));
          acc.n++;
          acc.total += amount;
          acc.any = true;
        }
      }
      if (ts > maxTs) {
        maxTs = ts;
        if (maxTs - delay - 1 > wm) {
          wm = maxTs - delay - 1;
          fire(wm);
        }
      }
    }
  }
  fire(Infinity);
  return { events, outputs, ms: performance.now() - t0 };
}
