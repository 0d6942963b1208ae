// A pipeline that asks for worker threads is told, in the studio, that runs started there use
// one thread (rivulet run uses the workers): it is not run in one thread in silence.
import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { livePayments } from '../support/pipelines';
import { byTestId, openStudio, shot } from '../support/ui';

test('settings.parallelism above 1 is shown as a warning of the pipeline', async ({ page }) => {
  const doc = { ...livePayments('e2e parallelism'), settings: { parallelism: 2 } };
  const saved = await api.createPipeline(doc);
  await openStudio(page, saved.id);
  const warning = byTestId(page, 'warnings').getByTestId('warning');
  await expect(warning).toContainText('settings.parallelism 2');
  await expect(warning).toContainText('rivulet run');
  await shot(page, 'parallelism-warning');
});
