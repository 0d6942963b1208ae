// The studio under load: the JavaScript a first visit loads (gzip), the main thread's busy share
// while the 28-node customer-service template runs, a 200-node pipeline's render time and drag
// frame times, and the dashboard's memory over BENCH_WEB_MINUTES (default 10) of live telemetry
// at 4 updates a second.
// Figures go to the console and to .bench/web.json.
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { ROOT } from '../engine';
import { api, stopRuns } from '../support/api';
import { gridPipeline, livePayments } from '../support/pipelines';
import { byTestId, NODE_CARDS, run, showMetrics } from '../support/ui';

const MINUTES = Number(process.env.BENCH_WEB_MINUTES ?? 10);
const OUT = `${ROOT}.bench/web.json`;

function record(name: string, figures: Record<string, unknown>): void {
  console.log(`bench:web ${name} ${JSON.stringify(figures)}`);
  mkdirSync(`${ROOT}.bench`, { recursive: true });
  const all = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : {};
  all[name] = { ...figures, at: new Date().toISOString() };
  writeFileSync(OUT, `${JSON.stringify(all, null, 2)}\n`);
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const round = (n: number) => Math.round(n * 10) / 10;

test('first visit: the JavaScript each screen loads, gzip', async ({ page }) => {
  const { id } = await api.createPipeline(livePayments('bench: first load', 10));
  const loaded = new Map<string, number>();
  page.on('response', async (response) => {
    if (!response.url().endsWith('.js')) return;
    const body = await response.body().catch(() => null);
    if (body) loaded.set(response.url(), gzipSync(body, { level: 9 }).length);
  });
  const kb = () => round([...loaded.values()].reduce((a, b) => a + b, 0) / 1024);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /pipelines/i }).first()).toBeVisible({
    timeout: 60_000,
  });
  await page.waitForLoadState('networkidle');
  const home = kb();
  const homeFiles = loaded.size;
  await page.goto(`/p/${id}`);
  await expect(page.locator(NODE_CARDS).first()).toBeVisible({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  record('first-load', {
    homeGzipKB: home,
    homeFiles,
    studioGzipKB: kb(),
    studioFiles: loaded.size,
    goalKB: 200,
  });
  await api.deletePipeline(id);
});

test('main thread while the 28-node customer-service template runs', async ({ page }) => {
  const templates = await api.templates();
  const template = templates.reduce((a, b) =>
    b.document.nodes.length > a.document.nodes.length ? b : a,
  );
  const { id } = await api.createPipeline(template.document);
  try {
    await page.goto(`/p/${id}`);
    await expect(page.locator(NODE_CARDS).first()).toBeVisible({ timeout: 60_000 });
    await run(page);
    await showMetrics(page);
    // Telemetry flowing: let the first charts fill before measuring.
    await expect(page.locator('.recharts-surface').first()).toBeVisible({ timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
    };
    const before = await taskSeconds();
    const started = performance.now();
    // A fixed measuring window (not synchronisation): the figure is busy time per wall time.
    await page.waitForTimeout(20_000);
    const busy = (await taskSeconds()) - before;
    const wall = (performance.now() - started) / 1000;
    record('main-thread', {
      template: template.title,
      nodes: template.document.nodes.length,
      busyPercent: round((busy / wall) * 100),
      seconds: round(wall),
      goalPercent: 25,
    });
  } finally {
    await stopRuns(id);
    await api.deletePipeline(id);
  }
});

test('200 nodes: time to render, frame time while dragging a node', async ({ page }) => {
  const pipeline = gridPipeline(20, 10);
  expect(pipeline.nodes).toHaveLength(200);
  const { id } = await api.createPipeline(pipeline);

  await page.goto(`/p/${id}`);
  // Time from navigation start until all 200 node cards are on the page.
  const renderMs = await page.waitForFunction(
    () =>
      document.querySelectorAll('.react-flow__node > [data-testid^="node-"]').length >= 200 &&
      performance.now(),
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const timeToRender = round((await renderMs.jsonValue()) as number);
  await expect(page.locator(NODE_CARDS)).toHaveCount(200);

  // Drag a visible node across the canvas while the page records its frame times.
  const canvas = (await byTestId(page, 'canvas').boundingBox())!;
  const inView = await page.locator(NODE_CARDS).evaluateAll(
    (els, box) =>
      els
        .map((el) => ({ id: el.getAttribute('data-testid')!, r: el.getBoundingClientRect() }))
        .filter(
          ({ r }) =>
            r.left > box.x &&
            r.top > box.y &&
            r.right < box.x + box.width &&
            r.bottom < box.y + box.height,
        )
        .map(({ id }) => id),
    canvas,
  );
  const target = page.getByTestId(inView[Math.floor(inView.length / 2)] ?? 'node-c0n0');
  const start = (await target.boundingBox())!;
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(start.x + start.width / 2, start.y + 10);
  await page.mouse.down();
  const steps = 120;
  for (let i = 1; i <= steps; i++) {
    const x = start.x + start.width / 2 + (canvas.width * 0.5 * i) / steps;
    const y = start.y + 10 + canvas.height * 0.3 * Math.sin((i / steps) * Math.PI);
    await page.mouse.move(x, y);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const moved = (await target.boundingBox())!;
  expect(Math.abs(moved.x - start.x), 'the node moved with the mouse').toBeGreaterThan(50);
  record('200-nodes', {
    nodes: 200,
    timeToRenderMs: timeToRender,
    dragFrames: frames.length,
    dragFrameMedianMs: round(quantile(sorted, 0.5)),
    dragFrameP95Ms: round(quantile(sorted, 0.95)),
    dragFrameMaxMs: round(sorted[sorted.length - 1] ?? NaN),
  });
  await api.deletePipeline(id);
});

test(`dashboard memory over ${MINUTES} minutes of live telemetry`, async ({ page }) => {
  const { id } = await api.createPipeline(livePayments('bench: live dashboard', 500));
  try {
    await page.goto(`/p/${id}`);
    await expect(byTestId(page, 'canvas')).toBeVisible();
    await run(page);
    await showMetrics(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
      return round(used / 1024 / 1024);
    };
    const nodeCount = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'Nodes')?.value ?? NaN;
    };
    const series: { minute: number; heapMb: number; domNodes: number }[] = [];
    for (let minute = 1; minute <= MINUTES; minute++) {
      // The interval is what is measured here, not a wait for something to happen.
      await page.waitForTimeout(60_000);
      series.push({ minute, heapMb: await heapMb(), domNodes: await nodeCount() });
      console.log(`bench:web minute ${minute}: ${JSON.stringify(series.at(-1))}`);
    }
    const first = series[0]!;
    const last = series.at(-1)!;
    const [latest] = await api.runs(id);
    record('dashboard-memory', {
      minutes: MINUTES,
      updatesPerSecond: 4,
      heapMbAtMinute1: first.heapMb,
      heapMbAtEnd: last.heapMb,
      growthMb: round(last.heapMb - first.heapMb),
      domNodesAtMinute1: first.domNodes,
      domNodesAtEnd: last.domNodes,
      runStatus: latest?.status,
      series,
    });
    expect(latest?.status).toBe('running');
  } finally {
    await stopRuns(id);
  }
});
