// The spec's example pipeline, built by hand: source → filter → keyBy → window → dashboard sink.
import { expect, test } from '@playwright/test';
import { api, stopRuns } from '../support/api';
import {
  byTestId,
  connect,
  dropOperator,
  expectRate,
  expectSamples,
  fill,
  NODE_CARDS,
  nodeCard,
  problemsOnCanvas,
  run,
  select,
  shot,
  showMetrics,
  stop,
} from '../support/ui';

let pipelineId: string | undefined;
test.afterEach(async () => {
  if (pipelineId) await stopRuns(pipelineId);
});

test('build the example pipeline by drag and drop, run it, watch it, stop it', async ({ page }) => {
  await page.goto('/');
  await byTestId(page, 'new-pipeline').click();
  await expect(page).toHaveURL(/\/p\/[A-Za-z0-9_-]+$/);
  pipelineId = /\/p\/([A-Za-z0-9_-]+)$/.exec(page.url())![1]!;
  await expect(byTestId(page, 'canvas')).toBeVisible();
  await expect(page.locator(NODE_CARDS)).toHaveCount(0);

  // Drop the five operators in two columns (the canvas is about 720×490 at 1280×800, a card
  // 260 wide), then connect them handle to handle.
  const source = await dropOperator(page, 'source.generator', 150, 90);
  const filter = await dropOperator(page, 'filter', 480, 90);
  const keyBy = await dropOperator(page, 'keyBy', 150, 240);
  const window = await dropOperator(page, 'window', 480, 240);
  const sink = await dropOperator(page, 'sink.dashboard', 150, 390);
  await connect(page, source, filter);
  await connect(page, filter, keyBy);
  await connect(page, keyBy, window);
  await connect(page, window, sink);

  // Fill the forms.
  await select(page, source);
  await fill(page, 'scenario', 'transactions');
  await fill(page, 'ratePerSec', '200');
  await select(page, filter);
  await fill(page, 'expr', 'amount > 20');
  await select(page, keyBy);
  await fill(page, 'fields', 'cardId');
  await select(page, window);
  await fill(page, 'size', '2s');
  await select(page, sink);
  await fill(page, 'title', 'Payments per card');
  await expect(problemsOnCanvas(page)).toHaveCount(0);
  await shot(page, 'build-canvas');

  // Save: the engine has the same graph.
  await byTestId(page, 'save').click();
  await expect
    .poll(async () => (await api.getPipeline(pipelineId!)).document.edges.length, {
      message: 'the saved pipeline has the four edges',
    })
    .toBe(4);
  const saved = (await api.getPipeline(pipelineId)).document;
  const typeOf = Object.fromEntries(saved.nodes.map((n) => [n.id, n.type]));
  expect(typeOf).toEqual({
    [source]: 'source.generator',
    [filter]: 'filter',
    [keyBy]: 'keyBy',
    [window]: 'window',
    [sink]: 'sink.dashboard',
  });
  expect(saved.nodes.find((n) => n.id === filter)?.params).toMatchObject({ expr: 'amount > 20' });
  expect(saved.nodes.find((n) => n.id === keyBy)?.params).toMatchObject({ fields: ['cardId'] });
  expect(saved.nodes.find((n) => n.id === window)?.params).toMatchObject({ size: '2s' });
  expect(saved.nodes.find((n) => n.id === source)?.params).toMatchObject({
    scenario: 'transactions',
    ratePerSec: 200,
  });

  // Run: rates above zero, the charts, and the sink's table filling.
  await run(page);
  await expectRate(page, source);
  await expectRate(page, filter);
  await showMetrics(page);
  await expect(byTestId(page, 'latency-chart')).toBeVisible();
  await expectSamples(page, sink);
  await expect(nodeCard(page, sink)).toBeVisible();
  await shot(page, 'build-running');

  // The full-screen dashboard shows the sink's widget.
  await byTestId(page, 'open-dashboard').click();
  await expect(page).toHaveURL(new RegExp(`/p/${pipelineId}/dashboard$`));
  await expect(byTestId(page, `dashboard-widget-${sink}`)).toBeVisible();
  await expect(byTestId(page, `dashboard-widget-${sink}`)).toContainText(/\d/);
  await shot(page, 'build-dashboard');
  await page.goBack();
  await expect(byTestId(page, 'canvas')).toBeVisible();

  await stop(page);
  await expect
    .poll(async () => (await api.runs(pipelineId!)).map((r) => r.status))
    .toEqual(['stopped']);
});
