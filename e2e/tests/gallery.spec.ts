// Every template of the gallery (the demo scenarios) opens, runs, and fills its dashboard; one
// on a broker shows its connection.
import { expect, test } from '@playwright/test';
import { api, stopRuns } from '../support/api';
import { byTestId, shot } from '../support/ui';

const started: string[] = [];
test.afterEach(async () => {
  for (const id of started.splice(0)) await stopRuns(id);
});

test('each template runs from the gallery with its dashboard', async ({ page }) => {
  test.setTimeout(400_000);
  const templates = await api.templates();
  expect(templates.length).toBeGreaterThanOrEqual(3);
  for (const template of templates) {
    await page.goto('/');
    await byTestId(page, `template-${template.slug}`).click();
    await expect(page).toHaveURL(/\/p\/[A-Za-z0-9_-]+$/);
    const pipelineId = /\/p\/([A-Za-z0-9_-]+)$/.exec(page.url())![1]!;
    started.push(pipelineId);
    await expect(byTestId(page, 'run-status')).toContainText(/running/i);

    // A template on a broker (Kafka, MQTT) needs one running beside the studio, which the
    // browser tests do not start (the connectors are tested on real brokers in the engine's
    // suite): its nodes say how their connection stands — "no broker answers at …" — and the
    // run stays up until stopped.
    const connectors = template.document.nodes.filter((n) => /\.(kafka|mqtt)$/.test(n.type));
    if (connectors.length > 0) {
      for (const node of connectors)
        await expect(byTestId(page, `node-connection-${node.id}`)).toContainText(
          /connected|connecting|reconnecting/,
          { timeout: 60_000 },
        );
      await shot(page, `gallery-${template.slug}`);
      const [run] = await api.runs(pipelineId);
      expect(run?.status, run?.error?.message).toBe('running');
      await stopRuns(pipelineId);
      continue;
    }

    await byTestId(page, 'open-dashboard').click();
    await expect(byTestId(page, 'dashboard-title')).toHaveText(template.document.name);
    const widgets = template.document.nodes.filter((n) => n.type === 'sink.dashboard');
    for (const w of widgets) await expect(byTestId(page, `dashboard-widget-${w.id}`)).toBeVisible();
    // Records flow, and at least one widget shows some.
    await expect
      .poll(
        async () => Number((await byTestId(page, 'total-rate').innerText()).replace(/[^\d.]/g, '')),
        { message: `${template.slug}: throughput`, timeout: 60_000 },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(
        async () => {
          let filled = 0;
          for (const w of widgets) {
            const widget = byTestId(page, `dashboard-widget-${w.id}`);
            if ((await widget.locator('.widget-empty').count()) === 0) filled++;
          }
          return filled;
        },
        { message: `${template.slug}: a widget fills`, timeout: 90_000 },
      )
      .toBeGreaterThan(0);
    await shot(page, `gallery-${template.slug}`);
    const [run] = await api.runs(pipelineId);
    expect(run?.status, run?.error?.message).toBe('running');
    await stopRuns(pipelineId);
  }
});
