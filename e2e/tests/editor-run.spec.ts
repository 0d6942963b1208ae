// The editor in step with the run (issue 13): which version runs against the one edited, and
// Restart with changes from a savepoint; two saves of one pipeline (409 and its dialog);
// leaving with unsaved edits; a failed run marked on its node and in Problems.
import { expect, test, type Page } from '@playwright/test';
import { api, stopRuns, type PipelineDocument } from '../support/api';
import { brokenCsv, checkpointedPayments, livePayments } from '../support/pipelines';
import { byTestId, expectRate, fill, openStudio, run, select, shot } from '../support/ui';

const created: string[] = [];
test.afterEach(async () => {
  for (const id of created.splice(0)) await stopRuns(id).catch(() => {});
});

async function newPipeline(document: PipelineDocument): Promise<string> {
  const { id } = await api.createPipeline(document);
  created.push(id);
  return id;
}

/** Renames the pipeline in the header: an edit that leaves every node's state as it was. */
async function rename(page: Page, name: string): Promise<void> {
  const input = byTestId(page, 'pipeline-name');
  await input.fill(name);
  await input.blur();
  await expect(byTestId(page, 'unsaved-dot')).toBeVisible();
}

async function save(page: Page, expected: RegExp): Promise<void> {
  await byTestId(page, 'save').click();
  await expect(byTestId(page, 'save-state')).toHaveText(expected);
}

test('the studio says which version runs and restarts with changes from a savepoint', async ({
  page,
}) => {
  const id = await newPipeline(checkpointedPayments('e2e running version'));
  await openStudio(page, id);
  await run(page);
  await expectRate(page, 'payments');
  const banner = byTestId(page, 'run-version-text');
  await expect(banner).toHaveText('Running this version');
  await expect(byTestId(page, 'restart-with-changes')).toHaveCount(0);
  await shot(page, 'editor-run-same');

  // An edit that state survives: told, saved, told again, then restarted from a savepoint.
  await rename(page, 'e2e running version, renamed');
  await expect(banner).toHaveText('Running v1 · editing v1 + unsaved changes');
  await save(page, /Saved v2/);
  await expect(banner).toHaveText('Running v1 · editing v2');
  await shot(page, 'editor-run-drift');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'editor-run-drift-1920');
  await page.setViewportSize({ width: 1280, height: 800 });
  await byTestId(page, 'restart-with-changes').click();
  await expect(banner).toHaveText('Running this version', { timeout: 30_000 });
  await expect(byTestId(page, 'restart-note')).toHaveText(/^Restarted v2 from savepoint \S+/);
  await expectRate(page, 'payments');
  await shot(page, 'editor-run-restarted');
  const runs = await api.runs(id);
  const live = runs.find((r) => r.status === 'running')!;
  expect(live.pipelineVersion).toBe(2);
  const previous = runs.find((r) => r.id !== live.id)!;
  expect(previous).toMatchObject({ status: 'stopped', pipelineVersion: 1 });
  expect(live.restored?.savepointId).toBe(previous.savepointId);
  expect(live.restored?.droppedNodes).toEqual([]);

  // An edit the saved windows do not fit: the restart asks before dropping that state.
  await select(page, 'perWindow');
  await fill(page, 'size', '5s');
  await expect(banner).toHaveText('Running v2 · editing v2 + unsaved changes');
  await byTestId(page, 'restart-with-changes').click();
  const refusal = byTestId(page, 'restore-refusal');
  await expect(refusal).toContainText('perWindow', { timeout: 30_000 });
  // The refusal says it (and the way out); the restart's own note gives way to it.
  await expect(byTestId(page, 'restart-note')).toHaveCount(0);
  await shot(page, 'editor-run-restart-refused');
  await byTestId(page, 'start-dropping-state').click();
  await expect(banner).toHaveText('Running this version', { timeout: 30_000 });
  const dropped = (await api.runs(id)).find((r) => r.status === 'running')!;
  expect(dropped.pipelineVersion).toBe(3);
  expect(dropped.restored?.droppedNodes).toEqual(['perWindow']);
});

test('two saves of one pipeline: the second is told, and reloads, overwrites or copies', async ({
  browser,
}) => {
  const id = await newPipeline(livePayments('e2e conflict'));
  // Two separate browser contexts: two people (or two windows) on one pipeline.
  const mine = await (await browser.newContext()).newPage();
  const theirs = await (await browser.newContext()).newPage();
  await openStudio(mine, id);
  await openStudio(theirs, id);

  await rename(theirs, 'theirs v2');
  await save(theirs, /Saved v2/);
  await rename(mine, 'mine');
  await byTestId(mine, 'save').click();
  const dialog = byTestId(mine, 'conflict-dialog');
  await expect(dialog).toBeVisible();
  await expect(byTestId(mine, 'conflict-text')).toContainText(
    'You started from v1, and v2 was saved since',
  );
  await expect(byTestId(mine, 'save-state')).toContainText('v2 was saved elsewhere');
  await shot(mine, 'editor-run-conflict');
  expect((await api.getPipeline(id)).document.name).toBe('theirs v2');

  // Overwrite with mine: v3 is mine; theirs stays as v2.
  await byTestId(mine, 'conflict-overwrite').click();
  await expect(dialog).toBeHidden();
  await expect(byTestId(mine, 'save-state')).toHaveText(/Saved v3/);
  const third = await api.getPipeline(id);
  expect(third).toMatchObject({ version: 3, document: { name: 'mine' } });

  // The other one saves on v2: told of v3; Reload theirs puts v3 in its editor.
  await rename(theirs, 'theirs again');
  await byTestId(theirs, 'save').click();
  await expect(byTestId(theirs, 'conflict-dialog')).toBeVisible();
  await byTestId(theirs, 'conflict-reload').click();
  await expect(byTestId(theirs, 'conflict-dialog')).toBeHidden();
  await expect(byTestId(theirs, 'pipeline-name')).toHaveValue('mine');
  await expect(byTestId(theirs, 'unsaved-dot')).toHaveCount(0);
  await expect(byTestId(theirs, 'save-state')).toHaveText('v3');

  // Both edit again; the later save keeps its edits as a copy and opens it.
  await rename(theirs, 'theirs v4');
  await save(theirs, /Saved v4/);
  await rename(mine, 'my copy');
  await byTestId(mine, 'save').click();
  await byTestId(mine, 'conflict-copy').click();
  await expect(mine).not.toHaveURL(new RegExp(`/p/${id}$`));
  await expect(byTestId(mine, 'pipeline-name')).toHaveValue('my copy (copy)');
  await expect(byTestId(mine, 'unsaved-dot')).toHaveCount(0);
  const copyId = new URL(mine.url()).pathname.split('/').at(-1)!;
  created.push(copyId);
  expect((await api.getPipeline(copyId)).document.name).toBe('my copy (copy)');
  expect(await api.getPipeline(id)).toMatchObject({ version: 4, document: { name: 'theirs v4' } });
  await mine.context().close();
  await theirs.context().close();
});

test('leaving the studio with unsaved edits asks first', async ({ page }) => {
  const id = await newPipeline(livePayments('e2e leave'));
  await page.goto('/');
  await page.getByText('e2e leave').first().click();
  await expect(page).toHaveURL(new RegExp(`/p/${id}$`));
  await expect(byTestId(page, 'canvas')).toBeVisible();

  // Nothing unsaved: back to the pipelines without a question.
  await page.getByRole('button', { name: '← Pipelines' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByText('e2e leave').first().click();
  await expect(byTestId(page, 'canvas')).toBeVisible();

  await rename(page, 'e2e leave, edited');
  const dialog = byTestId(page, 'leave-dialog');
  // The back button of the app: Stay keeps the edits.
  await page.getByRole('button', { name: '← Pipelines' }).click();
  await expect(dialog).toBeVisible();
  await shot(page, 'editor-run-leave');
  await byTestId(page, 'leave-stay').click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/p/${id}$`));
  await expect(byTestId(page, 'pipeline-name')).toHaveValue('e2e leave, edited');

  // The browser's Back: held, the address stays on the studio.
  await page.evaluate(() => window.history.back());
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/p/${id}$`));
  await byTestId(page, 'leave-stay').click();

  // Closing or reloading the tab: the browser's own question.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.type();
    void d.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toBe('beforeunload');
  expect(page.isClosed()).toBe(false);

  // Save and leave: saved, then home.
  await page.getByRole('button', { name: '← Pipelines' }).click();
  await byTestId(page, 'leave-save').click();
  await expect(page).toHaveURL(/\/$/);
  expect(await api.getPipeline(id)).toMatchObject({
    version: 2,
    document: { name: 'e2e leave, edited' },
  });

  // Discard and leave: not saved.
  await page.getByText('e2e leave, edited').first().click();
  await expect(byTestId(page, 'canvas')).toBeVisible();
  await rename(page, 'never saved');
  await page.getByRole('button', { name: '← Pipelines' }).click();
  await byTestId(page, 'leave-discard').click();
  await expect(page).toHaveURL(/\/$/);
  expect((await api.getPipeline(id)).version).toBe(2);
});

test('a failed run is marked on its node, in plain words, and in Problems', async ({ page }) => {
  const id = await newPipeline(brokenCsv('e2e failing run', 'e2e-broken.csv'));
  await openStudio(page, id);
  await expect(byTestId(page, 'no-problems')).toContainText('the pipeline can run');
  await byTestId(page, 'run').click();
  const status = byTestId(page, 'run-status');
  await expect(status).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  const [failed] = await api.runs(id);
  expect(failed).toMatchObject({ status: 'failed', error: { nodeId: 'rows' } });

  // The node: outlined, with the reason on hover; the other node is not marked.
  const mark = byTestId(page, 'failed-mark-rows');
  await expect(mark).toBeVisible();
  await expect(mark).toHaveAttribute('title', /^The run failed here: \S/);
  await expect(byTestId(page, 'failed-mark-out')).toHaveCount(0);
  // Said once, without the engine's node prefix or any absolute path.
  await expect(status).toContainText('at "rows": ');
  await expect(status).not.toContainText('node "rows": node');
  for (const text of [await status.innerText(), (await mark.getAttribute('title')) ?? ''])
    expect(text).not.toMatch(/(^|[\s"'])\//);

  // Problems no longer says the pipeline can run.
  await expect(byTestId(page, 'no-problems')).toHaveCount(0);
  const problem = byTestId(page, 'run-failure-problem');
  await expect(problem).toContainText('the run failed at node "rows": ');
  await shot(page, 'editor-run-failed');
  await problem.click();
  await expect(byTestId(page, 'node-rows')).toHaveClass(/selected/);
});
