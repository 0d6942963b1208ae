// What a person does in the studio, as small steps the specs read like sentences.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';

const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** Saves a full-window picture under e2e/screenshots/ (ignored by git) for a person to look at. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}

export const byTestId = (page: Page, id: string) => page.getByTestId(id);
export const nodeCard = (page: Page, id: string) => byTestId(page, `node-${id}`);

/**
 * Every node card: a React Flow node's own element with a `node-<id>` test id (its children
 * have `node-stats-<id>` and `node-problem-count`, which are not cards).
 */
export const NODE_CARDS = '.react-flow__node > [data-testid^="node-"]';
/** The problem marker on a node card. */
export const PROBLEM_MARKER = '[data-testid="node-problem-count"]';

export const problemsOnCanvas = (page: Page) => page.locator(`${NODE_CARDS} ${PROBLEM_MARKER}`);
export const problemOn = (page: Page, nodeId: string) =>
  nodeCard(page, nodeId).locator(PROBLEM_MARKER);

/** Ids of the node cards on the canvas (`node-<id>` test ids). */
export async function nodeIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator(NODE_CARDS)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.slice('node-'.length));
}

/** Drags an operator from the palette onto the canvas at (x, y) and returns the new node's id. */
export async function dropOperator(page: Page, type: string, x: number, y: number) {
  const before = new Set(await nodeIds(page));
  const item = byTestId(page, `palette-item-${type}`);
  await item.scrollIntoViewIfNeeded();
  await item.dragTo(byTestId(page, 'canvas'), { targetPosition: { x, y } });
  let added: string[] = [];
  await expect
    .poll(
      async () => {
        added = (await nodeIds(page)).filter((id) => !before.has(id));
        return added.length;
      },
      { message: `dropping palette-item-${type} adds one node-… card` },
    )
    .toBe(1);
  return added[0]!;
}

const handle = (page: Page, nodeId: string, port: string) =>
  nodeCard(page, nodeId).locator(`.react-flow__handle[data-handleid="${port}"]`);

/** Connects two nodes by dragging from the source's output handle to the target's input. */
export async function connect(
  page: Page,
  from: string,
  to: string,
  fromPort = 'out',
  toPort = 'in',
) {
  const source = await handle(page, from, fromPort).boundingBox();
  const target = await handle(page, to, toPort).boundingBox();
  if (!source) throw new Error(`node-${from} shows no handle "${fromPort}"`);
  if (!target) throw new Error(`node-${to} shows no handle "${toPort}"`);
  const edges = page.locator('.react-flow__edge');
  const count = await edges.count();
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(edges, `an edge ${from} → ${to} is drawn`).toHaveCount(count + 1);
}

/** Opens a node in the inspector (a click on its card). */
export async function select(page: Page, nodeId: string): Promise<void> {
  await nodeCard(page, nodeId).click({ position: { x: 30, y: 12 } });
}

/**
 * Fills the inspector field `field-<path>`: the test id may sit on the control itself or on a
 * wrapper around it; selects choose by value or label, check boxes take 'true'/'false'.
 */
export async function fill(page: Page, path: string, value: string): Promise<void> {
  const field = byTestId(page, `field-${path}`);
  await expect(field, `the inspector shows field-${path}`).toBeVisible();
  const tag = await field.evaluate((el) => el.tagName.toLowerCase());
  const control: Locator = ['input', 'textarea', 'select'].includes(tag)
    ? field
    : field.locator('input, textarea, select').first();
  const kind = await control.evaluate((el) =>
    el.tagName.toLowerCase() === 'input' ? (el as HTMLInputElement).type : el.tagName.toLowerCase(),
  );
  if (kind === 'select') await control.selectOption(value);
  else if (kind === 'checkbox') await control.setChecked(value === 'true');
  else {
    await control.fill(value);
    await control.blur();
  }
}

/** The largest "N/s" figure in a piece of text ("1.2K/s", "350/s", "12 rec/s"). */
export function largestRate(text: string): number {
  const scale: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9 };
  let best = 0;
  const rates = /(\d[\d,]*(?:\.\d+)?)\s*([kKMB]?)\s*(?:rec(?:ords)?|r|ev(?:ents)?)?\s*\/\s*s\b/g;
  for (const m of text.matchAll(rates)) {
    const n = Number(m[1]!.replaceAll(',', '')) * (scale[m[2]!] ?? 1);
    if (n > best) best = n;
  }
  return best;
}

/** Waits until a node card shows a rate above zero; returns the card's text then. */
export async function expectRate(page: Page, nodeId: string, timeout = 20_000): Promise<string> {
  let text = '';
  await expect
    .poll(
      async () => {
        text = (await nodeCard(page, nodeId).innerText()).replace(/\s+/g, ' ');
        return largestRate(text);
      },
      { message: `node-${nodeId} shows a rate above 0/s`, timeout },
    )
    .toBeGreaterThan(0);
  return text;
}

/** Rows of a sink's live output table (`samples-table-<nodeId>`, in the monitor's Output tab). */
export const sampleRows = (page: Page, sinkId: string) =>
  byTestId(page, `samples-table-${sinkId}`).locator('tbody tr');

export async function expectSamples(page: Page, sinkId: string, timeout = 30_000): Promise<void> {
  const table = byTestId(page, `samples-table-${sinkId}`);
  const outputTab = byTestId(page, 'monitor-tab-output');
  if (!(await table.isVisible()) && (await outputTab.isVisible())) await outputTab.click();
  await expect(table).toBeVisible();
  await expect
    .poll(() => sampleRows(page, sinkId).count(), {
      message: `samples-table-${sinkId} fills with rows`,
      timeout,
    })
    .toBeGreaterThan(0);
}

/** Shows the monitor's Metrics tab (throughput and latency charts). */
export async function showMetrics(page: Page): Promise<void> {
  const tab = byTestId(page, 'monitor-tab-metrics');
  if (await tab.isVisible()) await tab.click();
  await expect(byTestId(page, 'throughput-chart')).toBeVisible();
}

export async function run(page: Page): Promise<void> {
  await expect(byTestId(page, 'run')).toBeEnabled();
  await byTestId(page, 'run').click();
  await expect(byTestId(page, 'run-status')).toContainText(/running/i);
}

export async function stop(page: Page): Promise<void> {
  await byTestId(page, 'stop').click();
  await expect(byTestId(page, 'run-status')).toContainText(/stopped|finished/i);
}

/** Opens a pipeline in the studio and waits for its canvas. */
export async function openStudio(page: Page, pipelineId: string): Promise<void> {
  await page.goto(`/p/${pipelineId}`);
  await expect(byTestId(page, 'canvas')).toBeVisible();
}

/** Shows the monitor's Checkpoints tab (counts, the latest completed, restores). */
export async function showCheckpoints(page: Page): Promise<void> {
  await byTestId(page, 'monitor-tab-checkpoints').click();
  await expect(byTestId(page, 'checkpoints-panel')).toBeVisible();
}

/** The completed count the Checkpoints tab shows (-1 while it shows none). */
export async function completedCheckpoints(page: Page): Promise<number> {
  const count = byTestId(page, 'checkpoints-completed').locator('.count-value');
  if (!(await count.isVisible())) return -1;
  return Number((await count.innerText()).replaceAll(',', ''));
}
