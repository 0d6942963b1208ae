// Monitoring that remembers: a reload (or a dashboard opened late) starts with what the run
// kept, and each pipeline has a page of its runs with their logs and errors.
import { expect, test, type Page } from '@playwright/test';
import type { RunHistory } from '@rivulet/shared-types';
import { engine } from '../engine';
import { api, stopRuns } from '../support/api';
import { brokenCsv } from '../support/pipelines';
import { byTestId, openStudio, shot, showMetrics } from '../support/ui';

const created: string[] = [];
test.afterAll(async () => {
  for (const id of created) await stopRuns(id);
});

async function history(runId: string): Promise<RunHistory> {
  const res = await fetch(`${engine().url}/api/runs/${runId}/telemetry`);
  expect(res.status).toBe(200);
  return (await res.json()) as RunHistory;
}

/** Seconds between the first and last time ticks of a chart ("HH:MM:SS"), 0 without ticks. */
async function chartSpanSeconds(page: Page, testId: string): Promise<number> {
  const ticks = await byTestId(page, testId)
    .locator('.recharts-xAxis-tick-labels text')
    .allTextContents();
  const seconds = ticks
    .map((t) => /(\d\d):(\d\d):(\d\d)/.exec(t))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]));
  return seconds.length < 2 ? 0 : seconds.at(-1)! - seconds[0]!;
}

test('after a reload the alerts, tables and charts are there at once', async ({ page }) => {
  test.setTimeout(240_000);
  const template = (await api.templates()).find((t) => t.slug === 'card-payments')!;
  // At 50 payments a second the alerts come a few a second: the 50 the widget shows then reach
  // back well before the reload.
  const document = structuredClone(template.document);
  document.nodes.find((n) => n.id === 'payments')!.params.ratePerSec = 50;
  const pipeline = await api.createPipeline({ ...document, name: 'e2e history fraud' });
  created.push(pipeline.id);
  const run = await api.startRun(pipeline.id);

  await page.goto(`/p/${pipeline.id}/dashboard`);
  const alerts = byTestId(page, 'dashboard-widget-fraudAlerts').locator('.alert-feed li');
  await expect(alerts.first()).toBeVisible({ timeout: 90_000 });
  // Let the run gather 25 s of telemetry (the server's history says so).
  await expect
    .poll(
      async () => {
        const points = (await history(run.id)).telemetry;
        return points.length === 0 ? 0 : points.at(-1)!.t - points[0]!.t;
      },
      { timeout: 90_000, message: 'the run keeps 25 s of telemetry' },
    )
    .toBeGreaterThanOrEqual(25_000);
  const newest = (await alerts.first().textContent())!;
  const before = await alerts.count();

  // A live-only page would never see an alert raised before it loaded: these come from history.
  await page.reload();
  await expect
    .poll(() => alerts.allTextContents(), {
      timeout: 20_000,
      message: 'the newest alert before the reload is shown after it',
    })
    .toContain(newest);
  expect(await alerts.count()).toBeGreaterThanOrEqual(Math.min(before, 50));
  await expect(
    byTestId(page, 'dashboard-widget-largePayments').locator('tbody tr').first(),
  ).toBeVisible();
  await shot(page, 'history-dashboard-reloaded');

  // The studio opened afresh: its throughput chart spans more time than the page has been
  // open, which only the replayed history can give.
  const opened = Date.now();
  await openStudio(page, pipeline.id);
  await showMetrics(page);
  await expect
    .poll(
      async () => (await chartSpanSeconds(page, 'throughput-chart')) - (Date.now() - opened) / 1000,
      { timeout: 30_000, message: 'the chart reaches back before the page opened' },
    )
    .toBeGreaterThanOrEqual(10);
  await shot(page, 'history-studio-reloaded');

  // Its run history page: this run, running, version 1, its log begun.
  await byTestId(page, 'runs-link').click();
  await expect(page).toHaveURL(new RegExp(`/p/${pipeline.id}/runs`));
  const thisRun = page.locator(`[data-testid="run-row"][data-run-id="${run.id}"]`);
  await expect(thisRun).toHaveAttribute('data-status', 'running');
  await expect(thisRun).toContainText('v1');
  await expect(byTestId(page, 'run-row')).toHaveCount(1);
  await expect(byTestId(page, 'run-log')).toContainText('started version 1');
  await expect(
    byTestId(page, 'run-throughput-chart').locator('.recharts-line').first(),
  ).toBeVisible();
  await shot(page, 'history-runs-page');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'history-runs-page-1920');
});

test('a failed run shows its error and its log on the run history page', async ({ page }) => {
  test.setTimeout(120_000);
  const pipeline = await api.createPipeline(
    brokenCsv('e2e history failing', 'e2e-history-broken.csv'),
  );
  created.push(pipeline.id);
  const run = await api.startRun(pipeline.id);
  await expect
    .poll(async () => (await api.runs(pipeline.id))[0]?.status, { timeout: 60_000 })
    .toBe('failed');

  // From the pipeline list.
  await page.goto('/');
  await expect(byTestId(page, `pipeline-row-${pipeline.id}`)).toBeVisible();
  await byTestId(page, `pipeline-row-${pipeline.id}`).scrollIntoViewIfNeeded();
  await shot(page, 'history-pipeline-list');
  await byTestId(page, `pipeline-row-${pipeline.id}`).getByTestId('pipeline-runs').click();
  const row = page.locator(`[data-testid="run-row"][data-run-id="${run.id}"]`);
  await expect(row).toHaveAttribute('data-status', 'failed');
  await expect(row).toContainText('v1');
  await expect(row).toContainText('rows');
  await expect(byTestId(page, 'run-error')).toContainText('Failed in node “rows”');
  const log = byTestId(page, 'run-log');
  await expect(log.locator('[data-kind="started"]')).toContainText('started version 1');
  await expect(log.locator('[data-kind="failed"]')).toContainText('failed in node "rows"');
  await shot(page, 'history-failed-run');
});

test('an empty alerts widget says since when it has seen none, after a reload too', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const pipeline = await api.createPipeline({
    version: 1,
    name: 'e2e history quiet',
    nodes: [
      {
        id: 'payments',
        type: 'source.generator',
        params: { scenario: 'transactions', ratePerSec: 20, seed: 2 },
        position: { x: 0, y: 0 },
      },
      { id: 'never', type: 'filter', params: { expr: 'amount < 0' }, position: { x: 280, y: 0 } },
      {
        id: 'quiet',
        type: 'sink.dashboard',
        params: { title: 'Negative payments', widget: 'alerts' },
        position: { x: 560, y: 0 },
      },
    ],
    edges: [
      { source: 'payments', target: 'never' },
      { source: 'never', target: 'quiet' },
    ],
  });
  created.push(pipeline.id);
  const run = await api.startRun(pipeline.id);
  const since = new Date(run.startedAt).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
  await page.goto(`/p/${pipeline.id}/dashboard`);
  const empty = byTestId(page, 'dashboard-widget-quiet').getByTestId('widget-empty');
  await expect(empty).toHaveText(`No alerts since ${since}`);
  await page.reload();
  await expect(empty).toHaveText(`No alerts since ${since}`);
  await shot(page, 'history-empty-alerts');
});
