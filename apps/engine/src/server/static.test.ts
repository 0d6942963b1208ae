// How the built web app is served: compressed, its hashed assets cached for good, its page
// always revalidated, and a missing asset a 404 rather than the page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/files.js';
import { testServer } from '../test-support/server.js';
import type { RunningServer } from './server.js';

describe('the web app as the engine serves it', () => {
  let server: RunningServer;
  const script = `console.log(${JSON.stringify('rivulet '.repeat(2000))});`;
  beforeAll(async () => {
    const web = tempDir();
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Rivulet</title>');
    writeFileSync(join(web, 'assets', 'index-Ab12Cd34.js'), script);
    server = await testServer({ demo: false, webDist: web });
  });
  afterAll(() => server?.close());

  it('serves hashed assets compressed and immutable', async () => {
    const res = await fetch(`${server.url}/assets/index-Ab12Cd34.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(script);
  });

  it('revalidates the page, and answers every app route with it', async () => {
    for (const path of ['/', '/pipelines/abc']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>Rivulet</title>');
    }
  });

  it('answers a missing asset with 404, not the page', async () => {
    const res = await fetch(`${server.url}/assets/index-gone.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });
});
