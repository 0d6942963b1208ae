// The Flink runner against real Apache Flink 2.3 (a MiniCluster in one JVM): an event-time
// tumbling window over a JSON-lines file, checked against a brute-force model of Flink's
// watermark (one per record), a script that fails beside one that succeeds, and the JVM killed
// on timeout and abort. `npm test` builds the runner first; beforeAll builds it otherwise.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeJsonl } from '../test-support/files.js';
import { ensureFlinkRunner, runFlinkScripts } from './runner.js';

interface Click {
  user: string;
  amount: number;
  ts: number;
}

const SIZE = 10_000;
/** WATERMARK FOR rt AS rt - INTERVAL '2.001' SECOND */
const DELAY = 2_001;
/** A user the scripts filter out with a string literal full of SQL (quotes, ';', '--'). */
const FILTERED = "o'brien; -- not a comment";

/** Seeded clicks, out of order by up to 4 s (some late), then the watermark's edge cases. */
function clicks(): Click[] {
  let x = 12345;
  const random = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: Click[] = [{ user: FILTERED, amount: 1, ts: 0 }];
  for (let i = 0; i < 60; i++) {
    const ts = i * 500 + Math.floor(random() * 4_000);
    out.push({ user: `u${Math.floor(random() * 3)}`, amount: 1 + Math.floor(random() * 20), ts });
  }
  // After 52000 the watermark is 49999, the last ms of [40000, 50000): that window has fired
  // and 49999 is dropped, late by one ms, although the watermark moved by 1 ms only (Flink
  // emits one per record with pipeline.auto-watermark-interval = 0). 59999 comes while the
  // watermark is 59998 and counts.
  out.push(
    { user: 'x', amount: 1, ts: 51_999 },
    { user: 'x', amount: 2, ts: 52_000 },
    { user: 'x', amount: 100, ts: 49_999 },
    { user: 'x', amount: 20, ts: 61_999 },
    { user: 'x', amount: 300, ts: 59_999 },
  );
  return out;
}

interface WindowRow {
  user: string;
  clicks: number;
  spent: number;
  window_start_ms: number;
  window_end_ms: number;
}

/** Tumbling windows by user, fired by a watermark that follows each record. */
function model(input: readonly Click[]): { rows: WindowRow[]; late: Click[] } {
  const rows = new Map<string, WindowRow>();
  const late: Click[] = [];
  let maxTs = -Infinity;
  for (const click of input) {
    const watermark = maxTs - DELAY; // from the records before this one
    maxTs = Math.max(maxTs, click.ts);
    if (click.user === FILTERED) continue;
    const start = Math.floor(click.ts / SIZE) * SIZE;
    if (start + SIZE - 1 <= watermark) {
      late.push(click);
      continue;
    }
    const key = `${click.user} ${start}`;
    const row = rows.get(key) ?? {
      user: click.user,
      clicks: 0,
      spent: 0,
      window_start_ms: start,
      window_end_ms: start + SIZE,
    };
    row.clicks++;
    row.spent += click.amount;
    rows.set(key, row);
  }
  return { rows: [...rows.values()], late };
}

/** Every row of every part file of a filesystem sink; none may still be in progress. */
function readSink(dir: string): unknown[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) =>
    f.isFile(),
  );
  const hidden = files.filter((f) => f.name.startsWith('.')).map((f) => f.name);
  expect(hidden, 'in-progress or pending part files').toEqual([]);
  return files.flatMap((f) =>
    readFileSync(join(f.parentPath, f.name), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown),
  );
}

const sorted = <T>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

const windowScript = (input: string, windows: string, all: string) => `
-- The settings an exported script starts with; SET is applied by the runner.
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0';
SET 'parallelism.default' = '1';

CREATE TABLE src (
  \`user\` STRING,
  amount BIGINT,
  ts BIGINT,
  rt AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR rt AS rt - INTERVAL '2.001' SECOND
) WITH ('connector' = 'filesystem', 'path' = '${input}', 'format' = 'json');

CREATE TABLE windows (
  \`user\` STRING, clicks BIGINT, spent BIGINT, window_start_ms BIGINT, window_end_ms BIGINT
) WITH ('connector' = 'filesystem', 'path' = '${windows}', 'format' = 'json');

/* 'raw' is a reserved word in Flink 2.x: quoted; ';' in a comment */
CREATE TABLE \`raw\` (\`user\` STRING, amount BIGINT, ts BIGINT)
WITH ('connector' = 'filesystem', 'path' = '${all}', 'format' = 'json');

CREATE VIEW clicks AS SELECT * FROM src WHERE \`user\` <> '${FILTERED.replaceAll("'", "''")}';

EXECUTE STATEMENT SET BEGIN
INSERT INTO windows
SELECT \`user\`, COUNT(*), SUM(amount),
  EXTRACT(EPOCH FROM window_start) * 1000 + EXTRACT(MILLISECOND FROM window_start),
  EXTRACT(EPOCH FROM window_end) * 1000 + EXTRACT(MILLISECOND FROM window_end)
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(rt), INTERVAL '10' SECOND))
GROUP BY \`user\`, window_start, window_end;
INSERT INTO \`raw\` SELECT \`user\`, amount, ts FROM clicks;
END;
`;

const failingScript = `
CREATE TABLE nowhere (a INT) WITH ('connector' = 'blackhole');
INSERT INTO nowhere SELECT a FROM no_such_table;
`;

describe('runFlinkScripts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    // Built by `npm test` beforehand; a first build alone downloads Flink (about 160 MB).
    expect(await ensureFlinkRunner()).toBeNull();
  }, 20 * 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a window job and reports a failing script, both in one JVM', async () => {
    const input = clicks();
    writeJsonl(join(dir, 'clicks.jsonl'), input);
    const windows = join(dir, 'windows');
    const all = join(dir, 'all');
    const scripts = [join(dir, 'window.sql'), join(dir, 'failing.sql')];
    writeFileSync(scripts[0]!, windowScript(join(dir, 'clicks.jsonl'), windows, all));
    writeFileSync(scripts[1]!, failingScript);

    const run = await runFlinkScripts(scripts, { timeoutMs: 170_000 });

    expect(run.jobs.map((job) => [job.script, job.ok])).toEqual([
      [scripts[0], true],
      [scripts[1], false],
    ]);
    expect(run.ok).toBe(false);
    expect(run.jobs[1]!.error).toMatch(
      /^statement 2 \(script line 3\): .*no_such_table.* not found/,
    );
    expect(run.jvmStartMs).toBeGreaterThanOrEqual(0);

    const expected = model(input);
    expect(expected.late.length).toBeGreaterThan(1); // the model does drop records
    expect(sorted(readSink(windows))).toEqual(sorted(expected.rows));
    const x = expected.rows.filter((row) => row.user === 'x');
    expect(sorted(x.map((row) => [row.window_start_ms, row.spent]))).toEqual([
      [50_000, 303],
      [60_000, 20],
    ]);
    const kept = input.filter((click) => click.user !== FILTERED);
    expect(sorted(readSink(all))).toEqual(sorted(kept));
  });

  it('kills the JVM on timeout and on abort', async () => {
    const script = join(dir, 'slow.sql');
    writeFileSync(script, failingScript);
    const timedOut = await runFlinkScripts([script, script], { timeoutMs: 300 });
    expect(timedOut.ok).toBe(false);
    expect(timedOut.jobs.map((job) => job.error)).toEqual([
      'timed out after 300 ms',
      'not run: timed out after 300 ms',
    ]);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const aborted = await runFlinkScripts([script], { signal: controller.signal });
    expect(aborted.jobs).toMatchObject([{ ok: false, error: 'aborted' }]);
  });
});
