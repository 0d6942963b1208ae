// The pipelines list, rename and history, dead letters: the smaller parts of the studio.
import { expect, test } from '@playwright/test';
import { api, stopRuns } from '../support/api';
import { livePayments } from '../support/pipelines';
import { byTestId, openStudio, run, shot } from '../support/ui';

let pipelineId: string | undefined;
test.afterEach(async () => {
  if (pipelineId) await stopRuns(pipelineId);
});

test('the home screen lists pipelines and opens one', async ({ page }) => {
  pipelineId = (await api.createPipeline(livePayments('e2e listed'))).id;
  await page.goto('/');
  const row = byTestId(page, `pipeline-row-${pipelineId}`);
  await expect(row).toContainText('e2e listed');
  await shot(page, 'home');
  await row.getByTestId('open-pipeline').click();
  await expect(page).toHaveURL(new RegExp(`/p/${pipelineId}$`));
  await expect(byTestId(page, 'node-payments')).toBeVisible();
});

test('rename and save make a new version in the history', async ({ page }) => {
  pipelineId = (await api.createPipeline(livePayments('e2e rename'))).id;
  await openStudio(page, pipelineId);
  const name = page.getByRole('textbox', { name: 'Pipeline name', exact: true });
  await name.fill('e2e renamed');
  await name.press('Enter');
  await byTestId(page, 'save').click();
  await expect.poll(async () => (await api.getPipeline(pipelineId!)).name).toBe('e2e renamed');
  expect((await api.getPipeline(pipelineId)).version).toBe(2);
  await byTestId(page, 'history').click();
  await expect(byTestId(page, 'history-dialog')).toBeVisible();
  await expect(byTestId(page, 'history-version-2')).toBeVisible();
  await expect(byTestId(page, 'history-version-1')).toBeVisible();
});

test('help lists the keyboard shortcuts; dead letters open in a dialog', async ({ page }) => {
  pipelineId = (await api.createPipeline(livePayments('e2e help'))).id;
  await openStudio(page, pipelineId);
  await byTestId(page, 'help').click();
  await expect(byTestId(page, 'help-panel')).toBeVisible();
  await expect(byTestId(page, 'help-panel')).toContainText(/undo/i);
  await byTestId(page, 'help-close').click();
  await expect(byTestId(page, 'help-panel')).toBeHidden();
  await run(page);
  await byTestId(page, 'dead-letters-button').click();
  await expect(byTestId(page, 'dead-letters-dialog')).toBeVisible();
});
