import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from './in-memory.js';
import { runJob } from './support.js';

/** (b) a JSONL file → filter → keyBy → sliding window → file sink. */
const SIZE = 60_000;
const SLIDE = 10_000;

export async function ensureInputFile(dir: string, lines: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `transactions-${lines}.jsonl`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const source = createGenerator(lines);
  let text: string[] = [];
  writeFileSync(path, '');
  const out = createWriteStream(path);
  for (;;) {
    const batch = await source.next(4096);
    if (batch === null) break;
    text = batch.records.map((r) => JSON.stringify(r));
    if (!out.write(text.join('\n') + '\n'))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  return path;
}

export function filePipeline(input: string, output: string) {
  return {
    version: 1,
    name: 'bench-b',
    nodes: [
      {
        id: 'file',
        type: 'source.file',
        params: { path: input, eventTime: { field: 'ts', maxOutOfOrderness: 0 } },
      },
      { id: 'filter', type: 'filter', params: { expr: 'amount > 20' } },
      { id: 'key', type: 'keyBy', params: { fields: ['cardId'] } },
      {
        id: 'win',
        type: 'window',
        params: {
          kind: 'sliding',
          size: SIZE,
          slide: SLIDE,
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
      },
      { id: 'out', type: 'sink.file', params: { path: output } },
    ],
    edges: [
      { source: 'file', target: 'filter' },
      { source: 'filter', target: 'key' },
      { source: 'key', target: 'win' },
      { source: 'win', target: 'out' },
    ],
  };
}

export async function engineFile(input: string, output: string) {
  const t0 = performance.now();
  const { result } = await runJob(filePipeline(input, output));
  return {
    events: result.nodes[0]!.recordsOut,
    outputs: result.nodes.find((n) => n.nodeId === 'out')!.recordsIn,
    ms: performance.now() - t0,
  };
}

interface Acc {
  n: number;
  total: number;
}

/** The same work as one hand-written loop: read, parse, filter, slide, write. */
export async function handFile(input: string, output: string) {
  const t0 = performance.now();
  const out = createWriteStream(output, { highWaterMark: 1 << 22 });
  let buffer = '';
  let outputs = 0;
  const write = async (line: string) => {
    buffer += line + '\n';
    if (buffer.length >= 1 << 16) {
      const ok = out.write(buffer);
      buffer = '';
      if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  };
  const byStart = new Map<number, Map<string, Acc>>();
  let maxTs = -Infinity;
  let wm = -Infinity;
  let events = 0;
  const due: string[] = [];
  const fire = (upTo: number) => {
    for (const [start, keys] of byStart) {
      if (start + SIZE - 1 > upTo) continue;
      for (const [cardId, acc] of keys) {
        due.push(
          JSON.stringify({
            cardId: JSON.parse(cardId),
            windowStart: start,
            windowEnd: start + SIZE,
            n: acc.n,
            total: acc.total,
          }),
        );
        outputs++;
      }
      byStart.delete(start);
    }
  };
  let carry = '';
  const handle = (line: string) => {
    if (line === '') return;
    const r = JSON.parse(line) as Record<string, unknown>;
    const ts = r.ts as number;
    events++;
    const amount = r.amount;
    if (typeof amount === 'number' && amount > 20) {
      const card = JSON.stringify(r.cardId);
      const last = ts - (((ts % SLIDE) + SLIDE) % SLIDE);
      for (let start = last; start > ts - SIZE; start -= SLIDE) {
        if (start + SIZE - 1 <= wm) continue;
        let keys = byStart.get(start);
        if (!keys) byStart.set(start, (keys = new Map()));
        let acc = keys.get(card);
        if (!acc) keys.set(card, (acc = { n: 0, total: 0 }));
        acc.n++;
        acc.total += amount;
      }
    }
    if (ts > maxTs) {
      maxTs = ts;
      if (maxTs - 1 > wm) {
        wm = maxTs - 1;
        fire(wm);
      }
    }
  };
  for await (const chunk of createReadStream(input, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  }) as AsyncIterable<string>) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      handle(carry + chunk.slice(start, nl));
      carry = '';
      start = nl + 1;
    }
    carry += chunk.slice(start);
    for (const line of due) await write(line);
    due.length = 0;
  }
  handle(carry);
  fire(Infinity);
  for (const line of due) await write(line);
  out.write(buffer);
  await new Promise<void>((r) => out.end(r));
  return { events, outputs, ms: performance.now() - t0 };
}
