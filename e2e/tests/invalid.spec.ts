// A mistake shows on the node that has it, and Run says why it is refused.
import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { livePayments } from '../support/pipelines';
import {
  byTestId,
  fill,
  openStudio,
  problemOn,
  problemsOnCanvas,
  select,
  shot,
} from '../support/ui';

test('an invalid filter marks its node and disables Run', async ({ page }) => {
  const { id } = await api.createPipeline(livePayments('e2e invalid'));
  await openStudio(page, id);
  await expect(byTestId(page, 'run')).toBeEnabled();
  await expect(problemsOnCanvas(page)).toHaveCount(0);

  await select(page, 'large');
  await fill(page, 'expr', 'amount >');

  await expect(problemOn(page, 'large')).toBeVisible();
  for (const other of ['payments', 'byCard', 'perWindow', 'table'])
    await expect(problemOn(page, other)).toHaveCount(0);
  await expect(byTestId(page, 'run')).toBeDisabled();
  await expect(byTestId(page, 'run-disabled-reason')).toBeVisible();
  await expect(byTestId(page, 'run-disabled-reason')).not.toBeEmpty();
  await shot(page, 'invalid-canvas');

  // Fixing it brings Run back.
  await fill(page, 'expr', 'amount > 20');
  await expect(problemOn(page, 'large')).toHaveCount(0);
  await expect(byTestId(page, 'run')).toBeEnabled();
});

test('a missing connection is shown on the node that lacks it', async ({ page }) => {
  const document = livePayments('e2e unconnected');
  document.edges = document.edges.filter((e) => e.target !== 'table');
  const { id } = await api.createPipeline(document);
  await openStudio(page, id);
  await expect(problemOn(page, 'table')).toBeVisible();
  await expect(problemOn(page, 'payments')).toHaveCount(0);
  await expect(byTestId(page, 'run')).toBeDisabled();
  await expect(byTestId(page, 'run-disabled-reason')).toBeVisible();
});
