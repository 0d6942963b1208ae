// Inspecting the data of a running pipeline: peeking at the records on an edge, pausing the peek,
// and opening an output row whole.
import { expect, test, type Page } from '@playwright/test';
import { api, stopRuns } from '../support/api';
import { livePayments } from '../support/pipelines';
import {
  byTestId,
  expectRate,
  expectSamples,
  openStudio,
  run,
  sampleRows,
  shot,
} from '../support/ui';

let pipelineId: string | undefined;
test.afterEach(async () => {
  if (pipelineId) await stopRuns(pipelineId);
});

const peekRows = (page: Page) => byTestId(page, 'peek-panel').getByTestId('peek-row');
/** The seq of the newest record the peek shows (0 when it shows none). */
const newestSeq = (page: Page) =>
  peekRows(page).evaluateAll((rows) =>
    Math.max(0, ...rows.map((r) => Number((r as HTMLElement).dataset.seq))),
  );

/** The record the dialog shows, parsed from its pretty JSON. */
async function dialogRecord(page: Page): Promise<Record<string, unknown>> {
  const text = await byTestId(page, 'record-json').innerText();
  return JSON.parse(text) as Record<string, unknown>;
}

test('peek at the records on an edge, pause it, and open records whole', async ({ page }) => {
  test.setTimeout(180_000);
  pipelineId = (await api.createPipeline(livePayments('e2e inspect', 100))).id;
  await openStudio(page, pipelineId);
  await run(page);
  await expectRate(page, 'large');

  // The edge from the filter to keyBy (its rate label): the records that passed `amount > 20`.
  await byTestId(page, 'edge-rate-large').click();
  const panel = byTestId(page, 'peek-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('large');
  await expect(panel).toContainText('byCard');
  await expect
    .poll(() => peekRows(page).count(), { message: 'the peek lists records', timeout: 30_000 })
    .toBeGreaterThan(0);
  const first = await newestSeq(page);
  await expect
    .poll(() => newestSeq(page), { message: 'the peek updates live', timeout: 30_000 })
    .toBeGreaterThan(first);
  await expect(byTestId(page, 'peek-status')).toContainText('/s');
  await shot(page, 'inspect-peek');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'inspect-peek-1920');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Pause: the list stays as it was while newer records wait; resume catches up.
  await byTestId(page, 'peek-pause').click();
  await expect(panel).toHaveAttribute('data-paused', 'true');
  const frozen = await newestSeq(page);
  await expect(byTestId(page, 'peek-status')).toContainText('newer waiting', { timeout: 30_000 });
  await shot(page, 'inspect-peek-paused');
  expect(await newestSeq(page)).toBe(frozen);
  await byTestId(page, 'peek-pause').click();
  await expect(panel).toHaveAttribute('data-paused', 'false');
  await expect.poll(() => newestSeq(page), { timeout: 30_000 }).toBeGreaterThan(frozen);

  // A peeked record opens whole: it passed the filter, so its amount is over 20.
  await peekRows(page).first().click();
  const dialog = byTestId(page, 'record-dialog');
  await expect(dialog).toBeVisible();
  await expect(byTestId(page, 'record-node')).toHaveText('large');
  await expect(byTestId(page, 'record-event-time')).toContainText('UTC');
  const peeked = await dialogRecord(page);
  expect(peeked).toHaveProperty('cardId');
  expect(Number(peeked.amount)).toBeGreaterThan(20);
  await shot(page, 'inspect-peek-record');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await panel.getByRole('button', { name: 'Close the peek' }).click();
  await expect(panel).toBeHidden();

  // The line itself (not its label) opens the peek too: here the generator's raw payments.
  const point = await byTestId(page, 'edge-payments-large')
    .locator('path')
    .first()
    .evaluate((path) => {
      const line = path as SVGPathElement;
      const p = line.getPointAtLength(line.getTotalLength() * 0.3);
      const m = line.getScreenCTM()!;
      return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
    });
  await page.mouse.click(point.x, point.y);
  await expect(panel).toContainText('payments');
  await expect.poll(() => peekRows(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await panel.getByRole('button', { name: 'Close the peek' }).click();
  await expect(panel).toBeHidden();

  // An output row of the monitor's samples table opens whole, with its window's end.
  await expectSamples(page, 'table', 60_000);
  const row = sampleRows(page, 'table').first();
  const cardId = (await row.locator('td').allInnerTexts()).join(' ');
  await row.click();
  await expect(dialog).toBeVisible();
  await expect(byTestId(page, 'record-node')).toHaveText('table');
  const output = await dialogRecord(page);
  expect(output).toHaveProperty('payments');
  expect(output).toHaveProperty('total');
  expect(cardId).toContain(String(output.cardId));
  await expect(byTestId(page, 'record-event-time')).toContainText('UTC');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await byTestId(page, 'record-copy').click();
  await expect(dialog).toContainText('Copied to the clipboard');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toEqual(output);
  await shot(page, 'inspect-output-record');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // A row of the dashboard's table widget opens whole too.
  await page.goto(`/p/${pipelineId}/dashboard`);
  const widgetRow = byTestId(page, 'dashboard-widget-table').locator('tbody tr').first();
  await expect(widgetRow).toBeVisible({ timeout: 60_000 });
  await widgetRow.click();
  await expect(dialog).toBeVisible();
  await expect(byTestId(page, 'record-node')).toHaveText('table');
  expect(await dialogRecord(page)).toHaveProperty('windowEnd');
  await shot(page, 'inspect-dashboard-record');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
