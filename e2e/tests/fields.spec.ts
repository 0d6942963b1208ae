// Forms that know the data: conditional params, warnings about fields a node does not
// receive (with "did you mean"), and autocomplete of the real field names.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { engine } from '../engine';
import { api, type PipelineDocument } from '../support/api';
import { byTestId, fill, nodeCard, openStudio, select, shot } from '../support/ui';

function payments(name: string, expr: string): PipelineDocument {
  return {
    version: 1,
    name,
    nodes: [
      {
        id: 'pay',
        type: 'source.file',
        params: { path: 'e2e-fields.jsonl' },
        position: { x: 0, y: 0 },
      },
      { id: 'big', type: 'filter', params: { expr }, position: { x: 300, y: 0 } },
      {
        id: 'perMinute',
        type: 'window',
        params: { kind: 'tumbling', size: '1m', aggregations: [{ fn: 'count', as: 'count' }] },
        position: { x: 600, y: 0 },
      },
      { id: 'out', type: 'sink.dashboard', params: {}, position: { x: 900, y: 0 } },
    ],
    edges: [
      { source: 'pay', target: 'big' },
      { source: 'big', target: 'perMinute' },
      { source: 'perMinute', target: 'out' },
    ],
  };
}

test.beforeAll(() => {
  const files = join(engine().dataDir, 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(
    join(files, 'e2e-fields.jsonl'),
    '{"ts":1,"card":"c1","amount":12.5}\n{"ts":2,"card":"c2","amount":40}\n',
  );
});

test("a window's kind shows its params, and the saved document holds only those", async ({
  page,
}) => {
  const { id } = await api.createPipeline(payments('e2e fields window', 'amount > 10'));
  await openStudio(page, id);
  await select(page, 'perMinute');
  await expect(byTestId(page, 'field-size')).toBeVisible();
  await expect(byTestId(page, 'field-slide')).toHaveCount(0);
  await expect(byTestId(page, 'field-gap')).toHaveCount(0);

  await fill(page, 'kind', 'sliding');
  await expect(byTestId(page, 'field-slide')).toBeVisible();
  await fill(page, 'slide', '10s');
  await shot(page, 'fields-window-sliding');

  await fill(page, 'kind', 'session');
  await expect(byTestId(page, 'field-gap')).toBeVisible();
  await expect(byTestId(page, 'field-size')).toHaveCount(0);
  await expect(byTestId(page, 'field-slide')).toHaveCount(0);
  await fill(page, 'gap', '30s');
  await shot(page, 'fields-window-session');

  await byTestId(page, 'save').click();
  await expect(byTestId(page, 'save-state')).toHaveText(/Saved v2/);
  const saved = (await api.getPipeline(id)).document.nodes.find((n) => n.id === 'perMinute')!;
  expect(saved.params).toEqual({
    kind: 'session',
    gap: '30s',
    aggregations: [{ fn: 'count', as: 'count' }],
  });
});

test('a misspelt field is a warning that names it and says what was meant; Run stays on', async ({
  page,
}) => {
  const { id } = await api.createPipeline(payments('e2e fields typo', 'amountt > 10'));
  await openStudio(page, id);

  // The pipeline's Problems panel (nothing selected): no problem, one warning.
  const warning = byTestId(page, 'warnings').getByTestId('warning');
  await expect(warning).toHaveCount(1, { timeout: 30_000 });
  await expect(warning).toContainText('"amountt"');
  await expect(warning).toContainText('did you mean amount?');
  await expect(warning).toContainText('node "big"');
  await expect(byTestId(page, 'run')).toBeEnabled();
  // On the canvas: an amber count on the node, the message on hover.
  const onCard = nodeCard(page, 'big').getByTestId('node-warning-count');
  await expect(onCard).toHaveText(/^1/);
  await expect(onCard).toHaveAttribute('title', /did you mean amount\?/);
  await expect(nodeCard(page, 'big').getByTestId('node-problem-count')).toHaveCount(0);
  await shot(page, 'fields-warning-summary');

  // On the node: beside its expression.
  await warning.click();
  await expect(byTestId(page, 'inspector-node')).toBeVisible();
  await expect(byTestId(page, 'field-warning')).toContainText('did you mean amount?');
  await shot(page, 'fields-warning-node');

  // Fixed, it goes.
  await fill(page, 'expr', 'amount > 10');
  await expect(byTestId(page, 'field-warning')).toHaveCount(0, { timeout: 30_000 });
});

test("the expression editor offers the source's fields", async ({ page }) => {
  const { id } = await api.createPipeline(payments('e2e fields autocomplete', 'amount > 10'));
  await openStudio(page, id);
  await select(page, 'big');
  const input = byTestId(page, 'field-expr');
  // The fields arrive from the engine a moment after the page: wait until they are offered.
  await expect
    .poll(
      async () => {
        await input.fill('');
        await input.blur();
        await input.focus();
        await input.press('Control+Space');
        const items = byTestId(page, 'autocomplete-item');
        return (await items.allTextContents()).join(' ');
      },
      { timeout: 30_000 },
    )
    .toMatch(/card.*amount|amount.*card/s);
  const labels = await byTestId(page, 'autocomplete').locator('.ac-label').allTextContents();
  expect(labels).toEqual(expect.arrayContaining(['ts', 'card', 'amount']));
  await shot(page, 'fields-autocomplete');
});

test("a generator shows and keeps only its scenario's options", async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const { id } = await api.createPipeline({
    version: 1,
    name: 'e2e fields generator',
    nodes: [
      {
        id: 'gen',
        type: 'source.generator',
        // As older documents hold them: every scenario's options.
        params: { scenario: 'clickstream', seed: 1, users: 1000, items: 500, cards: 5000 },
        position: { x: 0, y: 0 },
      },
      { id: 'out', type: 'sink.dashboard', params: {}, position: { x: 300, y: 0 } },
    ],
    edges: [{ source: 'gen', target: 'out' }],
  });
  await openStudio(page, id);
  await select(page, 'gen');
  await expect(byTestId(page, 'field-users')).toBeVisible();
  await expect(byTestId(page, 'field-cards')).toHaveCount(0);
  await expect(byTestId(page, 'field-vehicles')).toHaveCount(0);

  await fill(page, 'scenario', 'sensors');
  await expect(byTestId(page, 'field-vehicles')).toBeVisible();
  await expect(byTestId(page, 'field-routes')).toBeVisible();
  await expect(byTestId(page, 'field-users')).toHaveCount(0);
  await byTestId(page, 'field-routes').scrollIntoViewIfNeeded();
  await shot(page, 'fields-generator-sensors-1920');

  await byTestId(page, 'save').click();
  await expect(byTestId(page, 'save-state')).toHaveText(/Saved v2/);
  const saved = (await api.getPipeline(id)).document.nodes.find((n) => n.id === 'gen')!;
  expect(saved.params).toEqual({ scenario: 'sensors', seed: 1, vehicles: 50, routes: 10 });
});

test('a param naming a field offers the fields the node receives', async ({ page }) => {
  const { id } = await api.createPipeline(payments('e2e fields names', 'amount > 10'));
  await openStudio(page, id);
  await select(page, 'perMinute');
  const field = byTestId(page, 'field-aggregations.0.field');
  const options = byTestId(page, 'field-aggregations.0.field-options').locator('option');
  // The fields arrive from the engine a moment after the page: focus again until offered.
  await expect
    .poll(
      async () => {
        await field.blur();
        await field.focus();
        return options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      },
      { timeout: 30_000 },
    )
    .toEqual(expect.arrayContaining(['ts', 'card', 'amount']));
});
