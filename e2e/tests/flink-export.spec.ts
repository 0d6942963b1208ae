// Export → Flink SQL in the studio, against the real engine: a file pipeline becomes a script to
// copy and download; a generator and allowed lateness are refused, each named on its node.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { engine } from '../engine';
import { api, type PipelineDocument } from '../support/api';
import { byTestId, fill, nodeCard, openStudio, select, shot } from '../support/ui';

const EXPORT = '/api/export/flink-sql';
/** Flink's DDL, temporary or not (the exporter makes its tables temporary to the session). */
const CREATE_TABLE = /CREATE (TEMPORARY )?TABLE/;

/** Clicks per user in 10 s tumbling windows, read from and written to the server's files/. */
function clicksPerUser(name: string): PipelineDocument {
  return {
    version: 1,
    name,
    nodes: [
      {
        id: 'clicks',
        type: 'source.file',
        params: {
          path: 'flink-e2e/clicks.jsonl',
          eventTime: { field: 'ts', maxOutOfOrderness: '1s' },
        },
        position: { x: 0, y: 100 },
      },
      { id: 'byUser', type: 'keyBy', params: { fields: ['user'] }, position: { x: 280, y: 100 } },
      {
        id: 'perWindow',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'clicks' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
        position: { x: 560, y: 100 },
      },
      {
        id: 'out',
        type: 'sink.file',
        params: { path: 'flink-e2e/per-user.jsonl' },
        position: { x: 840, y: 100 },
      },
    ],
    edges: [
      { id: 'e1', source: 'clicks', target: 'byUser' },
      { id: 'e2', source: 'byUser', target: 'perWindow' },
      { id: 'e3', source: 'perWindow', target: 'out' },
    ],
  };
}

/** The same shape on generated events, with a window that keeps late records for 5 s. */
function generatedWithLateness(name: string): PipelineDocument {
  const doc = clicksPerUser(name);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.id === 'clicks')
        return {
          ...n,
          id: 'gen',
          type: 'source.generator',
          params: { scenario: 'clickstream', seed: 7 },
        };
      if (n.id === 'perWindow') return { ...n, params: { ...n.params, allowedLateness: '5s' } };
      return n;
    }),
    edges: doc.edges.map((e) => (e.source === 'clicks' ? { ...e, source: 'gen' } : e)),
  };
}

/** The file the source reads, in the engine's data folder (the harness made it for this run). */
function writeClicks(): void {
  const dir = join(engine().dataDir, 'files', 'flink-e2e');
  mkdirSync(dir, { recursive: true });
  const lines = [
    { user: 'a', amount: 3, ts: 1000 },
    { user: 'b', amount: 5, ts: 2500 },
    { user: 'a', amount: 4, ts: 12_000 },
  ];
  writeFileSync(join(dir, 'clicks.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

const dialog = (page: Page) => byTestId(page, 'flink-export-dialog');
const marks = (page: Page) => page.locator('[data-testid^="flink-mark-"]');
const mark = (page: Page, nodeId: string) => byTestId(page, `flink-mark-${nodeId}`);

test('a file pipeline exports to a Flink SQL script to copy and download', async ({
  page,
  context,
}) => {
  writeClicks();
  const name = 'e2e flink clicks';
  const pipeline = await api.createPipeline(clicksPerUser(name));
  await openStudio(page, pipeline.id);
  await expect(marks(page), 'no marks before an export is asked').toHaveCount(0);

  // The engine unreachable: the dialog says so and offers to try again.
  await page.route(EXPORT, (route) => route.abort('connectionrefused'));
  await byTestId(page, 'export-flink').click();
  await expect(dialog(page)).toBeVisible();
  await expect(byTestId(page, 'flink-export-error')).toContainText(/cannot be reached/);
  await shot(page, 'flink-export-unreachable');
  await page.unroute(EXPORT);
  await byTestId(page, 'flink-export-retry').click();

  const script = byTestId(page, 'flink-sql-script');
  await expect(script).toContainText(CREATE_TABLE, { timeout: 30_000 });
  await expect(script).toContainText('TUMBLE(');
  await expect(script).toContainText('INSERT INTO');
  await expect(byTestId(page, 'flink-run-hint')).toContainText(`sql-client.sh -f '${name}.sql'`);
  await shot(page, 'flink-export-script');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    byTestId(page, 'flink-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${name}.sql`);
  const saved = readFileSync(await download.path(), 'utf8');
  expect(saved).toMatch(CREATE_TABLE);
  expect(saved).toContain('TUMBLE(');
  expect(saved).toContain('INSERT INTO');

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await byTestId(page, 'flink-copy').click();
  await expect(byTestId(page, 'flink-copy-state')).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(saved);

  await byTestId(page, 'flink-export-close').click();
  await expect(dialog(page)).toBeHidden();
  for (const id of ['clicks', 'byUser', 'perWindow', 'out'])
    await expect(mark(page, id), `node ${id} exports`).toHaveAttribute('data-exportable', 'true');
});

test('a generator and allowed lateness are refused, each named on its node', async ({ page }) => {
  const pipeline = await api.createPipeline(generatedWithLateness('e2e flink refused'));
  await openStudio(page, pipeline.id);
  await byTestId(page, 'export-flink').click();

  const problems = byTestId(page, 'flink-problems');
  await expect(problems).toBeVisible({ timeout: 30_000 });
  await expect(byTestId(page, 'flink-sql-script')).toHaveCount(0);
  await expect(byTestId(page, 'flink-problems-gen')).toContainText(/generator/i);
  await expect(byTestId(page, 'flink-problems-perWindow')).toContainText('params.allowedLateness');
  // Other nodes may be refused for what follows from these (a sink whose fields the export no
  // longer knows): whatever the engine says, the headline counts nodes out of all four.
  await expect(problems).toContainText(/\d of 4 nodes cannot be exported/);
  await shot(page, 'flink-export-problems');
  const named = new Map<string, boolean>();
  for (const id of ['byUser', 'out'])
    named.set(id, (await byTestId(page, `flink-problems-${id}`).count()) > 0);

  // Picking a problem closes the dialog and selects its node; the canvas then shows which
  // nodes Flink refuses, with the reasons as the mark's title.
  await byTestId(page, 'flink-problems-perWindow').getByTestId('flink-problem').first().click();
  await expect(dialog(page)).toBeHidden();
  await expect(nodeCard(page, 'perWindow')).toHaveClass(/selected/);
  await expect(mark(page, 'gen')).toHaveAttribute('data-exportable', 'false');
  await expect(mark(page, 'perWindow')).toHaveAttribute('data-exportable', 'false');
  await expect(mark(page, 'perWindow')).toHaveAttribute('title', /allowedLateness/);
  // A node the dialog names no problem of is marked as exportable, every other one as not.
  for (const [id, refused] of named)
    await expect(mark(page, id)).toHaveAttribute('data-exportable', String(!refused));
  // Closer, as a person would look at the tags (fit view shows four cards small).
  await page.locator('.react-flow__controls-zoomin').click();
  await page.locator('.react-flow__controls-zoomin').click();
  await shot(page, 'flink-export-marks');

  // Moving nodes changes no SQL and keeps the marks; an edit makes them stale and clears them.
  await byTestId(page, 'auto-layout').click();
  await expect(mark(page, 'gen')).toHaveAttribute('data-exportable', 'false');
  await select(page, 'perWindow');
  await fill(page, 'allowedLateness', '0');
  await expect(marks(page), 'an edit clears the marks').toHaveCount(0);
});
