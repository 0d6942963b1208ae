// Export writes the pipeline to a JSON file; importing that file gives the same pipeline.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { api, graphOf } from '../support/api';
import { livePayments } from '../support/pipelines';
import { byTestId, openStudio, shot } from '../support/ui';

test('export then import gives the same pipeline', async ({ page }) => {
  const original = await api.createPipeline(livePayments('e2e export'));
  await openStudio(page, original.id);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    byTestId(page, 'export').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const file = await download.path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  const exportedDocument = exported.document ?? exported;
  // The export is the saved pipeline: the same nodes and edges (the editor may spell out
  // defaults in params, so the original's params need only be contained in it).
  const exportedGraph = graphOf(exportedDocument);
  const originalGraph = graphOf(original.document);
  expect(exportedGraph.edges).toEqual(originalGraph.edges);
  expect(exportedGraph.nodes.map((n) => [n.id, n.type])).toEqual(
    originalGraph.nodes.map((n) => [n.id, n.type]),
  );
  expect(exportedGraph.nodes).toMatchObject(originalGraph.nodes);

  await page.goto('/');
  const before = new Set((await api.listPipelines()).map((p) => p.id));
  await byTestId(page, 'import-input').setInputFiles(file);
  let importedId = '';
  await expect
    .poll(
      async () => {
        importedId = (await api.listPipelines()).find((p) => !before.has(p.id))?.id ?? '';
        return importedId;
      },
      { message: 'the import saves a new pipeline' },
    )
    .not.toBe('');
  const imported = await api.getPipeline(importedId);
  expect(graphOf(imported.document)).toEqual(exportedGraph);
  expect(imported.document.name).toBe(exportedDocument.name);
  expect(imported.document.nodes.map((n) => n.position)).toEqual(
    original.document.nodes.map((n) => n.position),
  );
  await expect(page).toHaveURL(new RegExp(`/p/${importedId}$`));
  await expect(byTestId(page, 'node-perWindow')).toBeVisible();
  await shot(page, 'import-canvas');
});
