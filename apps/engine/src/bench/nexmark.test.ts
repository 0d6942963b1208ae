import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalRows } from '../test-support/differential.js';
import { validatePipeline } from '../validate.js';
import { nexmarkEvents, nexmarkLine, writeNexmarkFile } from './nexmark-data.js';
import { NEXMARK_MODEL } from './nexmark-model.js';
import { NEXMARK_EXAMPLES, NEXMARK_QUERIES, nexmarkPipeline } from './nexmark-queries.js';
import { runJob, tempDir } from './support.js';

const readRows = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

// 40,000 events at 1000 per second: 40 s of event time, 4 tumbling and 24 sliding windows,
// 2400 auctions (q2 finds some), and hot auctions changing every 5 s, so q5 has ties too.
const INPUT = { events: 40_000, seed: 7, ratePerSec: 1000 };

describe('examples/nexmark', () => {
  const dir = tempDir();
  const input = join(dir, 'events.jsonl');
  const events = [...nexmarkEvents(INPUT)];
  beforeAll(() => writeNexmarkFile(input, INPUT));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(NEXMARK_QUERIES)('%s validates, runs and gives what Nexmark says', async (query) => {
    const output = join(dir, `${query}.jsonl`);
    const doc = nexmarkPipeline(query, input, output);
    expect(validatePipeline(doc).ok).toBe(true);
    const { result } = await runJob(doc);
    expect(result.nodes.reduce((n, node) => n + node.deadLetters, 0)).toBe(0);
    const got = canonicalRows(readRows(output));
    const expected = canonicalRows(NEXMARK_MODEL[query]!(events));
    expect(expected.length).toBeGreaterThan(0);
    expect(got.length).toBe(expected.length);
    expect(got).toEqual(expected);
  });

  it('q5 meets ties: some windows have several hottest auctions', () => {
    const rows = NEXMARK_MODEL.q5!(events);
    const windows = new Set<number>();
    for (const e of events) {
      const start = Math.floor((e.ts as number) / 2000) * 2000;
      if (e.kind === 'bid')
        for (let s = start; s > (e.ts as number) - 10_000; s -= 2000) windows.add(s);
    }
    expect(rows.length).toBeGreaterThan(windows.size);
  });

  it("ships the generator's events as its example input (seed 1, 2000 events at 50 per second)", () => {
    const shipped = readFileSync(join(NEXMARK_EXAMPLES, 'data/events.jsonl'), 'utf8');
    const expected = [...nexmarkEvents({ events: 2000, seed: 1, ratePerSec: 50 })]
      .map((e) => nexmarkLine(e) + '\n')
      .join('');
    expect(shipped).toBe(expected);
  });
});
