// Auto-layout arranges a pile of nodes left to right (its layout library loads on first use).
import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { livePayments } from '../support/pipelines';
import { byTestId, nodeCard, openStudio } from '../support/ui';

test('auto-layout spreads nodes stacked on one spot into a left-to-right chain', async ({
  page,
}) => {
  const doc = livePayments('e2e layout pile');
  for (const node of doc.nodes) node.position = { x: 0, y: 0 };
  const { id } = await api.createPipeline(doc);
  await openStudio(page, id);
  const ids = doc.nodes.map((n) => n.id);
  await expect(nodeCard(page, ids[0]!)).toBeVisible({ timeout: 60_000 });
  await byTestId(page, 'auto-layout').click();
  // Each node of the chain ends right of the one before it.
  await expect
    .poll(
      async () => {
        const xs: number[] = [];
        for (const nodeId of ids) xs.push((await nodeCard(page, nodeId).boundingBox())!.x);
        return xs.every((x, i) => i === 0 || x > xs[i - 1]! + 20);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await api.deletePipeline(id);
});
