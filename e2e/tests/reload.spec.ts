// Reloading the page while a pipeline runs brings its monitoring back.
import { expect, test } from '@playwright/test';
import { api, stopRuns } from '../support/api';
import { livePayments } from '../support/pipelines';
import {
  byTestId,
  expectRate,
  expectSamples,
  nodeCard,
  openStudio,
  run,
  shot,
  showMetrics,
} from '../support/ui';

let pipelineId: string | undefined;
test.afterEach(async () => {
  if (pipelineId) await stopRuns(pipelineId);
});

test('reload while running and the monitoring resumes', async ({ page }) => {
  pipelineId = (await api.createPipeline(livePayments('e2e reload'))).id;
  await openStudio(page, pipelineId);
  await run(page);
  await expectRate(page, 'payments');

  await page.reload();
  await expect(byTestId(page, 'canvas')).toBeVisible();
  await expect(byTestId(page, 'run-status')).toContainText(/running/i);
  await expect(byTestId(page, 'stop')).toBeEnabled();
  const first = await expectRate(page, 'payments');
  // Figures keep arriving after the reload, not one frozen snapshot.
  await expect
    .poll(async () => (await nodeCard(page, 'payments').innerText()).replace(/\s+/g, ' '), {
      message: 'node-payments keeps updating after the reload',
    })
    .not.toBe(first);
  await expectSamples(page, 'table');
  await showMetrics(page);
  await shot(page, 'reload-running');

  const runs = await api.runs(pipelineId);
  expect(runs.filter((r) => r.status === 'running')).toHaveLength(1);
});
