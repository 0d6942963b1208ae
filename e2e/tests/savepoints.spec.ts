// Checkpoints as Flink's web UI shows them, and its savepoint actions: stop with a savepoint,
// start from one (refused per node when its state no longer fits, then started dropping it).
import { expect, test } from '@playwright/test';
import { api, stopRuns } from '../support/api';
import { checkpointedPayments } from '../support/pipelines';
import {
  byTestId,
  completedCheckpoints,
  expectRate,
  fill,
  openStudio,
  problemOn,
  run,
  select,
  shot,
  showCheckpoints,
} from '../support/ui';

let pipelineId: string | undefined;
test.afterEach(async () => {
  if (pipelineId) await stopRuns(pipelineId);
});

test('checkpoints count up, stop with a savepoint, start from it, and from it after an edit', async ({
  page,
}) => {
  pipelineId = (await api.createPipeline(checkpointedPayments('e2e savepoints'))).id;
  await openStudio(page, pipelineId);
  await run(page);
  await expectRate(page, 'payments');

  // The Checkpoints tab: the completed count rises every half second.
  await showCheckpoints(page);
  await expect
    .poll(() => completedCheckpoints(page), { message: 'a checkpoint completes' })
    .toBeGreaterThan(0);
  const first = await completedCheckpoints(page);
  await expect
    .poll(() => completedCheckpoints(page), { message: 'the completed count rises' })
    .toBeGreaterThan(first);
  await expect(byTestId(page, 'checkpoints-failed')).toContainText('0');
  await expect(byTestId(page, 'checkpoint-last-id')).toHaveText(/^#\d+$/);
  await expect(byTestId(page, 'checkpoint-last-age')).toHaveText(/just now|\d+ s ago/);
  await expect(byTestId(page, 'checkpoint-last-size')).toHaveText(/\d+(\.\d)? (B|KB|MB)/);
  await expect(byTestId(page, 'monitor-tab-checkpoints')).toContainText(/Checkpoints\s*\d+/);
  await shot(page, 'savepoints-checkpoints');

  // Stop with a savepoint: the run stops and names it.
  await byTestId(page, 'stop-with-savepoint').click();
  await expect(byTestId(page, 'run-status')).toContainText(/stopped/i);
  await expect(byTestId(page, 'run-note')).toContainText(/savepoint \S+ taken/);
  await expect(byTestId(page, 'run-savepoint')).toBeVisible();
  const [savepoint] = await api.savepoints(pipelineId);
  expect(savepoint).toBeDefined();
  const firstRun = (await api.runs(pipelineId))[0]!;
  expect(firstRun.savepointId).toBe(savepoint!.id);

  // Start from it: the dialog lists it; the new run is running and says where it came from.
  await byTestId(page, 'start-from-savepoint').click();
  const dialog = byTestId(page, 'savepoints-dialog');
  await expect(dialog).toBeVisible();
  const row = byTestId(page, `savepoint-${savepoint!.id}`);
  await expect(row).toContainText('v1');
  await expect(row).toContainText(/\d+(\.\d)? (B|KB|MB)/);
  await shot(page, 'savepoints-dialog');
  await row.getByTestId('start-savepoint').click();
  await expect(dialog).toBeHidden();
  await expect(byTestId(page, 'run-status')).toContainText(/running/i);
  await expect(byTestId(page, 'run-note')).toContainText('from savepoint');
  await expect(byTestId(page, 'run-restored')).toContainText('started from savepoint');
  await expectRate(page, 'payments');
  await shot(page, 'savepoints-restored');
  const restoredRun = (await api.runs(pipelineId)).find((r) => r.status === 'running')!;
  expect(restoredRun.restored?.savepointId).toBe(savepoint!.id);
  await byTestId(page, 'stop').click();
  await expect(byTestId(page, 'run-status')).toContainText(/stopped/i);

  // A window of another size cannot take the saved windows: refused on its node, then started
  // anyway, dropping that state.
  await select(page, 'perWindow');
  await fill(page, 'size', '5s');
  await byTestId(page, 'start-from-savepoint').click();
  await byTestId(page, `savepoint-${savepoint!.id}`).getByTestId('start-savepoint').click();
  await expect(dialog).toBeHidden();
  const refusal = byTestId(page, 'restore-refusal');
  await expect(refusal).toContainText('perWindow');
  await expect(problemOn(page, 'perWindow')).toHaveAttribute('title', /params changed/);
  await expect(problemOn(page, 'payments')).toHaveCount(0);
  await shot(page, 'savepoints-refused');
  await byTestId(page, 'start-dropping-state').click();
  await expect(byTestId(page, 'run-status')).toContainText(/running/i);
  await expect(refusal).toBeHidden();
  await expect(problemOn(page, 'perWindow')).toHaveCount(0);
  await showCheckpoints(page);
  await expect(byTestId(page, 'run-restored')).toContainText(/saved state of “perWindow” dropped/);
  await shot(page, 'savepoints-dropped');
  await byTestId(page, 'stop').click();
  await expect(byTestId(page, 'run-status')).toContainText(/stopped/i);

  // Delete it: the dialog shows its empty state.
  await byTestId(page, 'start-from-savepoint').click();
  await byTestId(page, `savepoint-${savepoint!.id}`).getByTestId('delete-savepoint').click();
  await byTestId(page, 'confirm-delete-savepoint').click();
  await expect(byTestId(page, 'savepoints-empty')).toBeVisible();
  expect(await api.savepoints(pipelineId)).toHaveLength(0);
});
