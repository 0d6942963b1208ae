import type { PipelineDocument } from '@rivulet/shared-types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../api/client';
import { saveOnBase } from './saveRequest';

const doc: PipelineDocument = { version: 1, name: 'p', nodes: [], edges: [] };

function answer(status: number, body: unknown) {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('saveOnBase', () => {
  it('sends the base version beside the document, and none when it is not known', async () => {
    const fetch = answer(200, { id: 'p1', version: 4 });
    expect(await saveOnBase('p1', doc, 3)).toEqual({ ok: true, record: { id: 'p1', version: 4 } });
    expect(fetch).toHaveBeenCalledWith('/api/pipelines/p1', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ document: doc, baseVersion: 3 }),
    });
    await saveOnBase('p1', doc, null);
    const [, init] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ document: doc });
  });

  it('a 409 is the latest version, not an error', async () => {
    answer(409, { message: 'saved as v5', problems: [], latestVersion: 5 });
    expect(await saveOnBase('p1', doc, 3)).toEqual({
      ok: false,
      latestVersion: 5,
      message: 'saved as v5',
    });
  });

  it('other refusals (and a 409 without a version) throw the API failure', async () => {
    answer(400, { message: 'invalid body', problems: [{ message: 'body.document: …' }] });
    const refused = await saveOnBase('p1', doc, 3).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiFailure);
    expect(refused).toMatchObject({ status: 400, message: 'invalid body' });
    answer(409, { message: 'being deleted', problems: [] });
    await expect(saveOnBase('p1', doc, 3)).rejects.toMatchObject({ status: 409 });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('network');
      }),
    );
    await expect(saveOnBase('p1', doc, 3)).rejects.toMatchObject({ status: 0 });
  });
});
