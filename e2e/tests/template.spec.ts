// A template from the home screen's gallery opens as a new pipeline and runs.
import { expect, test } from '@playwright/test';
import { api, stopRuns } from '../support/api';
import { byTestId, largestRate, problemsOnCanvas, shot } from '../support/ui';

let pipelineId: string | undefined;
test.afterEach(async () => {
  if (pipelineId) await stopRuns(pipelineId);
});

test('open a template from the gallery and run it', async ({ page }) => {
  await page.goto('/');
  const templates = page.locator('[data-testid^="template-"]');
  await expect(templates.first()).toBeVisible();
  await shot(page, 'template-home');
  const before = new Set((await api.listPipelines()).map((p) => p.id));

  // One click creates the pipeline, opens it and starts its run.
  const template = byTestId(page, 'template-card-payments');
  await ((await template.count()) > 0 ? template : templates.first()).click();
  await expect(page).toHaveURL(/\/p\/[A-Za-z0-9_-]+$/);
  pipelineId = /\/p\/([A-Za-z0-9_-]+)$/.exec(page.url())![1]!;
  expect(before.has(pipelineId), 'the template opens as a new pipeline').toBe(false);
  const { document } = await api.getPipeline(pipelineId);
  expect(document.nodes.length).toBeGreaterThan(1);
  for (const node of document.nodes) await expect(byTestId(page, `node-${node.id}`)).toBeVisible();
  await expect(problemsOnCanvas(page)).toHaveCount(0);

  // A bounded template may finish quickly; either way records flowed and nothing failed.
  await expect(byTestId(page, 'run-status')).toContainText(/running|finished/i);
  const sources = document.nodes.filter((n) => n.type.startsWith('source.')).map((n) => n.id);
  await expect
    .poll(
      async () => {
        const texts = await Promise.all(
          sources.map((id) => byTestId(page, `node-${id}`).innerText()),
        );
        const [run] = await api.runs(pipelineId!);
        const out = run?.metrics?.reduce((sum, m) => sum + m.recordsOut, 0) ?? 0;
        return Math.max(out, ...texts.map(largestRate));
      },
      { message: 'the template reads records (a rate on its source, or its final counts)' },
    )
    .toBeGreaterThan(0);
  const [latest] = await api.runs(pipelineId);
  expect(latest?.status, latest?.error?.message).not.toBe('failed');
  await shot(page, 'template-running');
  await byTestId(page, 'open-dashboard').click();
  await expect(page.locator('[data-testid^="dashboard-widget-"]').first()).toBeVisible();
  await shot(page, 'template-dashboard');
});
