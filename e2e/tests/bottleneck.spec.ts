// Operators at a glance: each card shows how busy its node is, and a banner on the canvas names
// the node that limits the run and says why, from the measured figures.
import { expect, test } from '@playwright/test';
import type { PipelineDocument } from '@rivulet/shared-types';
import { api, stopRuns } from '../support/api';
import { byTestId, nodeCard, openStudio, shot } from '../support/ui';

const created: string[] = [];
test.afterAll(async () => {
  for (const id of created) await stopRuns(id);
});

/**
 * An unpaced generator into a map that writes each record out as JSON twelve times (far more
 * work than generating it), then a cheap filter and a table: the map is the bottleneck.
 */
function slowMap(): PipelineDocument {
  const fields = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`size${i}`, `len(toString($)) + ${i}`]),
  );
  return {
    version: 1,
    name: 'e2e bottleneck',
    nodes: [
      {
        id: 'gen',
        type: 'source.generator',
        params: { scenario: 'transactions', seed: 5 },
        position: { x: 0, y: 100 },
      },
      { id: 'heavy', type: 'map', params: { fields }, position: { x: 300, y: 100 } },
      {
        id: 'cheap',
        type: 'filter',
        params: { expr: 'amount > 0' },
        position: { x: 600, y: 100 },
      },
      {
        id: 'table',
        type: 'sink.dashboard',
        params: { title: 'Sized payments', widget: 'table' },
        position: { x: 900, y: 100 },
      },
    ],
    edges: [
      { id: 'e1', source: 'gen', target: 'heavy' },
      { id: 'e2', source: 'heavy', target: 'cheap' },
      { id: 'e3', source: 'cheap', target: 'table' },
    ],
  };
}

const percent = (text: string | null): number => Number(/(\d+)%/.exec(text ?? '')?.[1] ?? NaN);

test('the banner names the slow node and why, and its card shows it busy', async ({ page }) => {
  test.setTimeout(150_000);
  const pipeline = await api.createPipeline(slowMap());
  created.push(pipeline.id);
  await openStudio(page, pipeline.id);
  await byTestId(page, 'run').click();

  const sentence = byTestId(page, 'bottleneck-sentence');
  // It names the map, the share of the time it is busy and what it holds back.
  await expect(sentence).toContainText(/^Map heavy is busy \d+% of the time/, { timeout: 60_000 });
  await expect(sentence).toContainText('holds back Generator gen');
  await expect(sentence).toContainText(/records\/s/);
  // Its card carries the tag (the figures of a fresh run swing for a few seconds: wait).
  await expect(byTestId(page, 'bottleneck-tag-heavy')).toBeVisible({ timeout: 60_000 });
  await expect(byTestId(page, 'bottleneck-tag-cheap')).toHaveCount(0);

  // "Show" selects the node and zooms to it: its figures show.
  await byTestId(page, 'bottleneck-show').click();
  await expect(nodeCard(page, 'heavy')).toHaveClass(/selected/);
  await expect(nodeCard(page, 'heavy').getByTestId('busy')).toBeVisible();

  // The map's card shows it busy most of the time, the filter's much less.
  const busy = (id: string) => nodeCard(page, id).getByTestId('busy');
  await expect
    .poll(async () => percent(await busy('heavy').textContent()), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(40);
  expect(percent(await busy('cheap').textContent())).toBeLessThan(
    percent(await busy('heavy').textContent()),
  );
  // The banner keeps up with the run: its figure changes as telemetry comes in.
  const first = await sentence.textContent();
  await expect.poll(() => sentence.textContent(), { timeout: 30_000 }).not.toBe(first);
  await shot(page, 'bottleneck-1280');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(sentence).toBeVisible();
  await shot(page, 'bottleneck-1920');

  await byTestId(page, 'stop').click();
  await expect(byTestId(page, 'bottleneck-note')).toHaveCount(0, { timeout: 30_000 });
});
