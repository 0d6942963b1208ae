import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSummary, TelemetryMessage, ValidateResponse } from '@rivulet/shared-types';
import { io as connect } from 'socket.io-client';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/files.js';
import {
  client,
  livePipeline,
  next,
  savePipeline,
  startRun,
  subscribe,
  testServer,
  type Client,
} from '../test-support/server.js';
import { MAX_ACTIVE_RUNS } from './runs.js';
import { MAX_MESSAGES_PER_SECOND, MAX_SUBSCRIPTIONS } from './sockets.js';
import type { RunningServer } from './server.js';

// Every kind of bad request the server may get, against one real server on which a pipeline
// runs the whole time: each must get a clear 4xx `{ message, problems }` (or, on a socket, a
// refusal), and the running pipeline must not notice.

const SOURCE_ROOT = fileURLToPath(new URL('../..', import.meta.url)); // apps/engine/
const MB = 1024 * 1024;
const TOKEN = 'x'.repeat(32);
const unknownId = '0c8a2f9e-0000-4000-8000-000000000000';

let s: RunningServer;
let watcher: Client;
let before: TelemetryMessage;
const ids = {
  pipeline: '',
  run: '',
  finished: '',
  stopped: '',
  broken: '',
  cyclic: '',
  escaping: '',
};

interface Answer {
  status: number;
  type: string;
  /** The Allow header (405). */
  allow: string | null;
  text: string;
  body: { message?: unknown; problems?: unknown; valid?: boolean } | null;
}

async function send(
  server: RunningServer,
  method: string,
  path: string,
  init: { body?: RequestInit['body']; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(server.url + path, {
    method,
    ...init,
    ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  let body: Answer['body'] = null;
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // left null: the assertions say the answer was not JSON
  }
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    allow: res.headers.get('allow'),
    text,
    body,
  };
}

/**
 * A request through node:http, which (unlike fetch) sends the Host header it is given: what a
 * browser sends after DNS rebinding, or a client on another name.
 */
function sendRaw(
  server: RunningServer,
  method: string,
  path: string,
  init: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: init.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Answer['body'] = null;
          try {
            body = JSON.parse(text) as Answer['body'];
          } catch {
            // left null
          }
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'] ?? '',
            allow: res.headers.allow ?? null,
            text,
            body,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The Host header a browser sends for the server's URL. */
const hostOf = (server: RunningServer) => new URL(server.url).host;
const portOf = (server: RunningServer) => new URL(server.url).port;

const json = (value: unknown) => ({
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json' },
});

/** A clear JSON error: the status, a message, problems, and nothing of the server's insides. */
function expectRefusal(answer: Answer, status: number, message?: RegExp, sent = '') {
  expect({ status: answer.status, text: answer.text }).toMatchObject({ status });
  expect(answer.type).toMatch(/^application\/json/);
  expect(answer.body).toMatchObject({ message: expect.any(String), problems: expect.any(Array) });
  if (message) expect(answer.body!.message).toMatch(message);
  expectNoInsides(answer.text, sent);
}

function expectNoInsides(text: string, sent = '') {
  expect(text).not.toMatch(/ {4}at /);
  expect(text).not.toContain('node_modules');
  expect(text).not.toContain(SOURCE_ROOT);
  // The data directory never appears, even when the request named it (paths.ts redactPaths).
  void sent;
  expect(text).not.toContain(s.dataDir);
}

const node = (m: TelemetryMessage, id: string) => m.nodes.find((n) => n.nodeId === id)!;

/** A pipeline reading one file: the file param is what the path cases vary. */
const reading = (path: string, sink = 'out.jsonl') => ({
  version: 1,
  name: 'reads a file',
  nodes: [
    { id: 'src', type: 'source.file', params: { path } },
    { id: 'out', type: 'sink.file', params: { path: sink } },
  ],
  edges: [{ source: 'src', target: 'out' }],
});

const bounded = (name: string) => ({
  version: 1,
  name,
  nodes: [
    { id: 'gen', type: 'source.generator', params: { limit: 3 } },
    { id: 'out', type: 'sink.dashboard', params: {} },
  ],
  edges: [{ source: 'gen', target: 'out' }],
});

/** Runs a bounded pipeline to its end; its run id. */
async function finishedRun(name: string): Promise<string> {
  const saved = await savePipeline(s, bounded(name));
  const done = next(watcher, 'status', (m) => m.pipelineId === saved.id && m.status === 'finished');
  await startRun(s, saved.id);
  return (await done).runId;
}

beforeAll(async () => {
  s = await testServer({ demo: false });
  watcher = client(s);
  const live = await savePipeline(s, livePipeline('live throughout', 1000));
  ids.pipeline = live.id;
  const run = await startRun(s, live.id);
  ids.run = run.id;
  expect(await subscribe(watcher, run.id)).toEqual({ ok: true });
  before = await next(
    watcher,
    'telemetry',
    (m) => m.runId === run.id && node(m, 'gen').recordsOut > 0,
  );

  ids.finished = await finishedRun('finished');
  const toStop = await startRun(s, (await savePipeline(s, livePipeline('to stop', 10))).id);
  expect((await send(s, 'POST', `/api/runs/${toStop.id}/stop`)).status).toBe(200);
  ids.stopped = toStop.id;

  ids.broken = (
    await savePipeline(s, {
      ...bounded('broken'),
      nodes: [
        { id: 'gen', type: 'source.nope' },
        { id: 'out', type: 'sink.dashboard', params: { size: 'huge' } },
      ],
    })
  ).id;
  ids.cyclic = (
    await savePipeline(s, {
      version: 1,
      name: 'cyclic',
      nodes: [
        { id: 'a', type: 'filter', params: { expr: 'true' } },
        { id: 'b', type: 'filter', params: { expr: 'true' } },
      ],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
      ],
    })
  ).id;
  ids.escaping = (await savePipeline(s, reading('../rivulet.db'))).id;

  // Files for the path cases: a secret outside files/, and links inside files/ that lead to it.
  const outside = tempDir();
  writeFileSync(join(outside, 'secret.jsonl'), '{"secret":true}\n');
  const files = join(s.dataDir, 'files');
  mkdirSync(join(files, 'inside'), { recursive: true });
  writeFileSync(join(files, 'inside', 'ok.jsonl'), '{"a":1}\n');
  symlinkSync(join(outside, 'secret.jsonl'), join(files, 'secret-link.jsonl'));
  symlinkSync(outside, join(files, 'outside-dir'));
  symlinkSync(join(outside, 'not-yet.jsonl'), join(files, 'dangling.jsonl'));
  symlinkSync(join(files, 'loop-b'), join(files, 'loop-a'));
  symlinkSync(join(files, 'loop-a'), join(files, 'loop-b'));
});

afterAll(async () => {
  watcher?.close();
  await s?.close();
});

/** `{pipeline}`, `{run}`… in a path become the ids made in beforeAll. */
const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, key: keyof typeof ids) => ids[key]);

interface RestCase {
  kind: string;
  method: string;
  path: string;
  init?: () => { body?: RequestInit['body']; headers?: Record<string, string> };
  status: number;
  message?: RegExp;
  /** Some problem message matches this. */
  problem?: RegExp;
  /** The Allow header of a 405. */
  allow?: string;
}

const doc = livePipeline('valid');
const oversize = () => json({ document: { ...doc, description: 'x'.repeat(MB) } });

const restCases: RestCase[] = [
  // Bodies that are not JSON.
  {
    kind: 'truncated JSON',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({ body: '{"document": {', headers: { 'content-type': 'application/json' } }),
    status: 400,
    message: /not valid JSON/,
  },
  {
    kind: 'JSON with trailing garbage',
    method: 'POST',
    path: '/api/validate',
    init: () => ({ body: '{"version":1} {}', headers: { 'content-type': 'application/json' } }),
    status: 400,
    message: /not valid JSON/,
  },
  {
    kind: 'single-quoted pseudo-JSON',
    method: 'PUT',
    path: '/api/pipelines/{pipeline}',
    init: () => ({ body: "{'document': 1}", headers: { 'content-type': 'application/json' } }),
    status: 400,
    message: /not valid JSON/,
  },
  {
    kind: 'a bare JSON string',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({ body: '"a pipeline"', headers: { 'content-type': 'application/json' } }),
    status: 400,
    message: /not valid JSON/,
  },
  {
    kind: 'JSON with a NUL byte outside strings',
    method: 'POST',
    path: '/api/validate',
    init: () => ({ body: '{"version":\u00001}', headers: { 'content-type': 'application/json' } }),
    status: 400,
    message: /not valid JSON/,
  },
  // Bodies too large.
  {
    kind: 'a body over 1 MB',
    method: 'POST',
    path: '/api/pipelines',
    init: oversize,
    status: 413,
    message: /larger than the limit/,
  },
  {
    kind: 'a body over 1 MB on validate',
    method: 'POST',
    path: '/api/validate',
    init: oversize,
    status: 413,
    message: /larger than the limit/,
  },
  {
    kind: 'a chunked body over 1 MB (no content-length)',
    method: 'POST',
    path: '/api/validate',
    init: () => ({ body: streamOf(2 * MB), headers: { 'content-type': 'application/json' } }),
    status: 413,
    message: /larger than the limit/,
  },
  // Content types.
  {
    kind: 'text/plain',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({
      body: JSON.stringify({ document: doc }),
      headers: { 'content-type': 'text/plain' },
    }),
    status: 415,
    message: /application\/json/,
  },
  {
    kind: 'a form post',
    method: 'POST',
    path: '/api/validate',
    init: () => ({
      body: 'version=1&name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    status: 415,
  },
  {
    kind: 'multipart',
    method: 'PUT',
    path: '/api/pipelines/{pipeline}',
    init: () => ({
      body: '--b\r\n\r\n{}\r\n--b--',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    }),
    status: 415,
  },
  {
    kind: 'a body without a content type',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({ body: new TextEncoder().encode(JSON.stringify({ document: doc })) }),
    status: 415,
  },
  {
    kind: 'a text body to start a run',
    method: 'POST',
    path: '/api/pipelines/{pipeline}/runs',
    init: () => ({ body: 'go', headers: { 'content-type': 'text/plain' } }),
    status: 415,
  },
  {
    kind: 'JSON in latin1',
    method: 'POST',
    path: '/api/validate',
    init: () => ({ body: '{}', headers: { 'content-type': 'application/json; charset=latin1' } }),
    status: 415,
    message: /UTF-8/,
  },
  {
    kind: 'JSON in UTF-16',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({
      body: new Uint8Array(Buffer.from(JSON.stringify({ document: doc }), 'utf16le')),
      headers: { 'content-type': 'application/json; charset=utf-16le' },
    }),
    status: 415,
    message: /unsupported charset "utf-16le": send UTF-8 JSON/,
  },
  {
    kind: 'JSON with a quoted latin1 charset',
    method: 'PUT',
    path: '/api/pipelines/{pipeline}',
    init: () => ({
      body: JSON.stringify({ document: doc }),
      headers: { 'content-type': 'application/json; charset="iso-8859-1"' },
    }),
    status: 415,
    message: /UTF-8/,
  },
  ...[
    ['a stray byte 0xff', [0xff]],
    ['an overlong slash (0xc0 0xaf)', [0xc0, 0xaf]],
    ['a UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
  ].map(([how, bytes]): RestCase => ({
    kind: `a body with ${String(how)}`,
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({
      body: new Uint8Array([
        ...Buffer.from('{"document":{"version":1,"name":"'),
        ...(bytes as number[]),
        ...Buffer.from('","nodes":[],"edges":[]}}'),
      ]),
      headers: { 'content-type': 'application/json' },
    }),
    status: 400,
    message: /not valid UTF-8/,
  })),
  {
    kind: 'an unknown content encoding',
    method: 'POST',
    path: '/api/validate',
    init: () => ({
      body: '{}',
      headers: { 'content-type': 'application/json', 'content-encoding': 'x-rot13' },
    }),
    status: 415,
    message: /encoding/,
  },
  {
    kind: 'gzip that is not gzip',
    method: 'POST',
    path: '/api/validate',
    init: () => ({
      body: 'not gzip at all',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    }),
    status: 400,
  },
  // Missing or wrong-typed fields.
  {
    kind: 'an empty object to save',
    method: 'POST',
    path: '/api/pipelines',
    init: () => json({}),
    status: 400,
    problem: /body\.document/,
  },
  {
    kind: 'an empty body to save',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({ body: '', headers: { 'content-type': 'application/json' } }),
    status: 400,
    message: /invalid body/,
  },
  {
    kind: 'the document not wrapped in { document }',
    method: 'POST',
    path: '/api/pipelines',
    init: () => json(doc),
    status: 400,
    problem: /body\.document/,
  },
  {
    kind: 'an array for a body',
    method: 'POST',
    path: '/api/pipelines',
    init: () => json([doc]),
    status: 400,
  },
  {
    kind: 'version 2',
    method: 'POST',
    path: '/api/pipelines',
    init: () => json({ document: { ...doc, version: 2 } }),
    status: 400,
    problem: /document\.version/,
  },
  {
    kind: 'nodes as text',
    method: 'PUT',
    path: '/api/pipelines/{pipeline}',
    init: () => json({ document: { ...doc, nodes: 'gen' } }),
    status: 400,
    problem: /document\.nodes/,
  },
  {
    kind: 'a numeric name',
    method: 'POST',
    path: '/api/pipelines',
    init: () => json({ document: { ...doc, name: 42 } }),
    status: 400,
    problem: /document\.name/,
  },
  {
    kind: 'edges missing',
    method: 'PUT',
    path: '/api/pipelines/{pipeline}',
    init: () => json({ document: { version: 1, name: 'x', nodes: [] } }),
    status: 400,
    problem: /document\.edges/,
  },
  {
    kind: 'a node without a type',
    method: 'POST',
    path: '/api/pipelines',
    init: () => json({ document: { ...doc, nodes: [{ id: 'a' }] } }),
    status: 400,
    problem: /nodes\.0\.type/,
  },
  {
    kind: 'a __proto__ key instead of the document',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({
      body: `{"__proto__":{"document":${JSON.stringify(doc)}}}`,
      headers: { 'content-type': 'application/json' },
    }),
    status: 400,
    problem: /body\.document/,
  },
  {
    kind: 'a document nested 300 000 deep',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({
      body: `{"document":{"version":1,"name":"deep","nodes":[],"edges":[],"extra":${'['.repeat(300_000)}${']'.repeat(300_000)}}}`,
      headers: { 'content-type': 'application/json' },
    }),
    status: 400,
    message: /deeper than 64/,
  },
  {
    kind: 'a document nested 65 deep',
    method: 'PUT',
    path: '/api/pipelines/{pipeline}',
    init: () =>
      json({ document: { ...doc, extra: JSON.parse('['.repeat(64) + ']'.repeat(64)) as unknown } }),
    status: 400,
    message: /deeper than 64/,
  },
  // Unknown fields where they are refused.
  {
    kind: 'an unknown query param on runs',
    method: 'GET',
    path: '/api/runs?sort=desc',
    status: 400,
    problem: /sort/,
  },
  {
    kind: 'an unknown query param on dead letters',
    method: 'GET',
    path: '/api/runs/{run}/dead-letters?page=2',
    status: 400,
    problem: /page/,
  },
  // Ids that do not exist.
  {
    kind: 'an unknown pipeline',
    method: 'GET',
    path: `/api/pipelines/${unknownId}`,
    status: 404,
    message: /not found/,
  },
  {
    kind: 'updating an unknown pipeline',
    method: 'PUT',
    path: `/api/pipelines/${unknownId}`,
    init: () => json({ document: doc }),
    status: 404,
  },
  {
    kind: 'deleting an unknown pipeline',
    method: 'DELETE',
    path: `/api/pipelines/${unknownId}`,
    status: 404,
  },
  {
    kind: 'versions of an unknown pipeline',
    method: 'GET',
    path: `/api/pipelines/${unknownId}/versions`,
    status: 404,
  },
  {
    kind: 'an unknown version',
    method: 'GET',
    path: '/api/pipelines/{pipeline}/versions/99',
    status: 404,
    message: /version 99/,
  },
  {
    kind: 'running an unknown pipeline',
    method: 'POST',
    path: `/api/pipelines/${unknownId}/runs`,
    status: 404,
  },
  { kind: 'an unknown run', method: 'GET', path: `/api/runs/${unknownId}`, status: 404 },
  {
    kind: 'stopping an unknown run',
    method: 'POST',
    path: `/api/runs/${unknownId}/stop`,
    status: 404,
  },
  {
    kind: 'dead letters of an unknown run',
    method: 'GET',
    path: `/api/runs/${unknownId}/dead-letters`,
    status: 404,
  },
  // Malformed ids.
  {
    kind: 'an id of 65 characters',
    method: 'GET',
    path: `/api/pipelines/${'a'.repeat(65)}`,
    status: 400,
    problem: /path\.id/,
  },
  {
    kind: 'an id with a space',
    method: 'GET',
    path: '/api/runs/a%20b',
    status: 400,
    problem: /path\.id/,
  },
  { kind: 'an id with a dot', method: 'DELETE', path: '/api/pipelines/a.b', status: 400 },
  {
    kind: 'an id that climbs folders (..%2F..)',
    method: 'GET',
    path: '/api/pipelines/..%2F..%2Frivulet.db',
    status: 400,
    problem: /path\.id/,
  },
  {
    kind: 'a run id that climbs folders',
    method: 'POST',
    path: '/api/runs/..%2F..%2Fetc%2Fpasswd/stop',
    status: 400,
  },
  { kind: 'an id with a NUL byte', method: 'GET', path: '/api/runs/abc%00def', status: 400 },
  {
    kind: 'an id with a broken %-encoding',
    method: 'GET',
    path: '/api/pipelines/%E0%A4%A',
    status: 400,
    message: /URL/,
  },
  {
    kind: 'a version that is not a number',
    method: 'GET',
    path: '/api/pipelines/{pipeline}/versions/latest',
    status: 400,
    problem: /path\.version/,
  },
  { kind: 'version 0', method: 'GET', path: '/api/pipelines/{pipeline}/versions/0', status: 400 },
  {
    kind: 'a fractional version',
    method: 'GET',
    path: '/api/pipelines/{pipeline}/versions/1.5',
    status: 400,
  },
  {
    kind: 'a huge version',
    method: 'GET',
    path: '/api/pipelines/{pipeline}/versions/1e309',
    status: 400,
  },
  // Numbers in paths and queries: plain decimal digits only, never coerced.
  ...[
    ['in hex', '0x1'],
    ['in exponent form', '1e2'],
    ['with a leading space', '%2012'],
    ['with a trailing space', '12%20'],
    ['with a plus sign', '%2B3'],
    ['written 1.0', '1.0'],
    ['negative', '-1'],
    ['of ten digits', '1000000000'],
    ['in full-width digits', '%EF%BC%91'],
  ].flatMap(([how, n]): RestCase[] => [
    {
      kind: `a version ${how}`,
      method: 'GET',
      path: `/api/pipelines/{pipeline}/versions/${n}`,
      status: 400,
      problem: /path\.version/,
    },
    {
      kind: `a dead-letter limit ${how}`,
      method: 'GET',
      path: `/api/runs/{run}/dead-letters?limit=${n}`,
      status: 400,
      problem: /query\.limit/,
    },
    {
      kind: `a dead-letter offset ${how}`,
      method: 'GET',
      path: `/api/runs/{finished}/dead-letters?offset=${n}`,
      status: 400,
      problem: /query\.offset/,
    },
    {
      kind: `a runs limit ${how}`,
      method: 'GET',
      path: `/api/runs?limit=${n}`,
      status: 400,
      problem: /query\.limit/,
    },
  ]),
  {
    kind: 'an empty runs limit',
    method: 'GET',
    path: '/api/runs?limit=',
    status: 400,
    problem: /query\.limit/,
  },
  // Wrong methods and unknown routes.
  // A known route with another method: 405 and what it takes.
  {
    kind: 'PATCH a pipeline',
    method: 'PATCH',
    path: '/api/pipelines/{pipeline}',
    init: () => json({ document: doc }),
    status: 405,
    message: /PATCH is not allowed on \/api\/pipelines\/[^:]+: it takes GET, PUT, DELETE/,
    allow: 'GET, PUT, DELETE, HEAD, OPTIONS',
  },
  {
    kind: 'DELETE a run',
    method: 'DELETE',
    path: '/api/runs/{run}',
    status: 405,
    message: /DELETE is not allowed/,
    allow: 'GET, HEAD, OPTIONS',
  },
  {
    kind: 'GET validate',
    method: 'GET',
    path: '/api/validate',
    status: 405,
    allow: 'POST, OPTIONS',
  },
  {
    kind: 'GET the runs of a pipeline',
    method: 'GET',
    path: '/api/pipelines/{pipeline}/runs',
    status: 405,
    allow: 'POST, OPTIONS',
  },
  {
    kind: 'POST health',
    method: 'POST',
    path: '/api/health',
    init: () => json({}),
    status: 405,
    allow: 'GET, HEAD, OPTIONS',
  },
  {
    kind: 'PUT the runs list',
    method: 'PUT',
    path: '/api/runs',
    init: () => json({}),
    status: 405,
    allow: 'GET, HEAD, OPTIONS',
  },
  {
    kind: 'DELETE a version',
    method: 'DELETE',
    path: '/api/pipelines/{pipeline}/versions/1',
    status: 405,
    allow: 'GET, HEAD, OPTIONS',
  },
  {
    kind: 'an unknown API route',
    method: 'GET',
    path: '/api/nothing-here',
    status: 404,
    message: /no route GET \/api\/nothing-here/,
  },
  {
    kind: 'a route below a version',
    method: 'GET',
    path: '/api/pipelines/{pipeline}/versions/1/extra',
    status: 404,
  },
  { kind: 'a route outside the API', method: 'GET', path: '/etc/passwd', status: 404 },
  // Query params out of range.
  {
    kind: 'a negative dead-letter offset',
    method: 'GET',
    path: '/api/runs/{run}/dead-letters?offset=-1',
    status: 400,
    problem: /query\.offset/,
  },
  {
    kind: 'a huge dead-letter offset',
    method: 'GET',
    path: '/api/runs/{finished}/dead-letters?offset=99999999999',
    status: 400,
    problem: /query\.offset/,
  },
  {
    kind: 'a non-numeric dead-letter offset',
    method: 'GET',
    path: '/api/runs/{run}/dead-letters?offset=ten',
    status: 400,
    problem: /query\.offset/,
  },
  {
    kind: 'a repeated dead-letter offset',
    method: 'GET',
    path: '/api/runs/{run}/dead-letters?offset=1&offset=2',
    status: 400,
    problem: /query\.offset/,
  },
  {
    kind: 'a dead-letter limit of 0',
    method: 'GET',
    path: '/api/runs/{run}/dead-letters?limit=0',
    status: 400,
    problem: /query\.limit/,
  },
  {
    kind: 'a negative dead-letter limit',
    method: 'GET',
    path: '/api/runs/{finished}/dead-letters?limit=-5',
    status: 400,
    problem: /query\.limit/,
  },
  {
    kind: 'a huge dead-letter limit',
    method: 'GET',
    path: '/api/runs/{run}/dead-letters?limit=100000',
    status: 400,
    problem: /query\.limit/,
  },
  {
    kind: 'a fractional dead-letter limit',
    method: 'GET',
    path: '/api/runs/{run}/dead-letters?limit=1.5',
    status: 400,
    problem: /query\.limit/,
  },
  {
    kind: 'an infinite runs limit',
    method: 'GET',
    path: '/api/runs?limit=Infinity',
    status: 400,
    problem: /query\.limit/,
  },
  {
    kind: 'a malformed pipelineId filter',
    method: 'GET',
    path: '/api/runs?pipelineId=..%2F..',
    status: 400,
    problem: /query\.pipelineId/,
  },
  // Conflicts.
  {
    kind: 'stopping a finished run',
    method: 'POST',
    path: '/api/runs/{finished}/stop',
    status: 409,
    message: /not running \(it is finished\)/,
  },
  {
    kind: 'stopping a stopped run',
    method: 'POST',
    path: '/api/runs/{stopped}/stop',
    status: 409,
    message: /it is stopped/,
  },
  // Invalid pipelines on run.
  {
    kind: 'running a pipeline with an unknown operator and bad params',
    method: 'POST',
    path: '/api/pipelines/{broken}/runs',
    status: 422,
    problem: /unknown operator type "source\.nope"/,
  },
  {
    kind: 'running a pipeline with a cycle',
    method: 'POST',
    path: '/api/pipelines/{cyclic}/runs',
    status: 422,
    problem: /cycle/,
  },
  {
    kind: 'running a pipeline whose file escapes files/',
    method: 'POST',
    path: '/api/pipelines/{escaping}/runs',
    status: 422,
    problem: /outside the data directory/,
  },
  // Other origins.
  {
    kind: 'a read from another origin',
    method: 'GET',
    path: '/api/pipelines',
    init: () => ({ headers: { origin: 'http://evil.example' } }),
    status: 403,
    message: /evil\.example/,
  },
  {
    kind: 'a delete from another origin',
    method: 'DELETE',
    path: '/api/pipelines/{pipeline}',
    init: () => ({ headers: { origin: 'http://evil.example' } }),
    status: 403,
  },
  {
    kind: 'a save from an opaque origin',
    method: 'POST',
    path: '/api/pipelines',
    init: () => ({
      ...json({ document: doc }),
      headers: { 'content-type': 'application/json', origin: 'null' },
    }),
    status: 403,
  },
  {
    kind: 'a same-host origin on another port',
    method: 'POST',
    path: '/api/pipelines/{pipeline}/runs',
    init: () => ({ headers: { origin: 'http://127.0.0.1:1' } }),
    status: 403,
  },
  {
    kind: 'an origin that is not http(s)',
    method: 'GET',
    path: '/api/pipelines',
    init: () => ({ headers: { origin: `ftp://${hostOf(s)}` } }),
    status: 403,
  },
];

/** A socket.io connection spoken by hand over a WebSocket, to send what no client library would. */
async function rawSocket(server: RunningServer) {
  const socket = new WebSocket(
    `${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
  );
  const messages: string[] = [];
  const waiting: { predicate: (m: string) => boolean; resolve: (m: string) => void }[] = [];
  socket.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text === '2') return socket.send('3'); // engine.io ping
    const i = waiting.findIndex((w) => w.predicate(text));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(text);
    else messages.push(text);
  });
  const next = (predicate: (m: string) => boolean) =>
    new Promise<string>((resolve) => {
      const i = messages.findIndex(predicate);
      if (i >= 0) resolve(messages.splice(i, 1)[0]!);
      else waiting.push({ predicate, resolve });
    });
  await new Promise((resolve) => socket.once('open', resolve));
  await next((m) => m.startsWith('0{'));
  socket.send('40');
  await next((m) => m.startsWith('40'));
  return { socket, next, send: (text: string) => socket.send(text), close: () => socket.close() };
}

/** A request body streamed in chunks, so no content-length is sent. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(`"${'x'.repeat(64 * 1024 - 2)}"`);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

describe('bad requests, with a pipeline running throughout', () => {
  it.each(restCases)('$kind → $status', async (c) => {
    const init = c.init?.() ?? {};
    const answer = await send(s, c.method, fill(c.path), init);
    expectRefusal(answer, c.status, c.message, typeof init.body === 'string' ? init.body : '');
    if (c.allow) expect(answer.allow).toBe(c.allow);
    if (c.problem)
      expect(
        (answer.body!.problems as { message: string }[]).map((p) => p.message).join('\n'),
      ).toMatch(c.problem);
  });

  it('answers OPTIONS and HEAD on a known route with what it takes', async () => {
    const options = await send(s, 'OPTIONS', '/api/pipelines');
    expect({ status: options.status, allow: options.allow }).toEqual({
      status: 204,
      allow: 'GET, POST, HEAD, OPTIONS',
    });
    expect((await send(s, 'HEAD', '/api/health')).status).toBe(200);
  });

  it('runs nothing and deletes nothing when refused', async () => {
    const pipeline = await send(s, 'GET', `/api/pipelines/${ids.pipeline}`);
    expect(pipeline.status).toBe(200);
    const runs = await send(s, 'GET', `/api/runs?pipelineId=${ids.broken}`);
    expect(runs.body).toEqual([]);
  });

  it('reports every problem of an invalid pipeline on validate, by node and edge', async () => {
    const answer = await send(
      s,
      'POST',
      '/api/validate',
      json({
        version: 1,
        name: 'many problems',
        nodes: [
          { id: 'src', type: 'source.file', params: { path: '../../etc/passwd' } },
          { id: 'what', type: 'no.such.operator' },
          { id: 'keep', type: 'filter', params: { expression: 'true' } },
          { id: 'out', type: 'sink.file', params: { path: '/tmp/out.jsonl' } },
        ],
        edges: [
          { source: 'src', target: 'keep' },
          { source: 'keep', target: 'ghost' },
          { source: 'out', target: 'keep' },
        ],
      }),
    );
    expect(answer.status).toBe(200);
    const body = answer.body as ValidateResponse;
    expect(body.valid).toBe(false);
    expect(body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          nodeId: 'src',
          path: ['path'],
          message: expect.stringMatching(/outside the data directory/),
        }),
        expect.objectContaining({
          nodeId: 'what',
          message: expect.stringMatching(/unknown operator type/),
        }),
        expect.objectContaining({ nodeId: 'keep', path: ['expression'] }),
        expect.objectContaining({ nodeId: 'keep', path: ['expr'] }),
        expect.objectContaining({ nodeId: 'out', path: ['path'] }),
        expect.objectContaining({
          edge: 'keep→ghost',
          message: expect.stringMatching(/"ghost" does not exist/),
        }),
        expect.objectContaining({
          edge: 'out→keep',
          nodeId: 'out',
          message: expect.stringMatching(/is a sink/),
        }),
      ]),
    );
    expectNoInsides(answer.text);
  });

  const pathCases: { kind: string; source?: string; sink?: string; reason: RegExp }[] = [
    {
      kind: 'a relative path that climbs out (../x)',
      source: '../x.jsonl',
      reason: /outside the data directory/,
    },
    {
      kind: 'a path to the database beside files/',
      source: '../rivulet.db',
      reason: /outside the data directory/,
    },
    {
      kind: 'a path that climbs out after a folder',
      source: 'inside/../../../x.jsonl',
      reason: /outside the data directory/,
    },
    {
      kind: 'an absolute path (/etc/passwd)',
      source: '/etc/passwd',
      reason: /outside the data directory/,
    },
    {
      kind: 'a sink writing outside',
      sink: '../../written-outside.jsonl',
      reason: /outside the data directory/,
    },
    {
      kind: 'an absolute sink path',
      sink: '/tmp/written-outside.jsonl',
      reason: /outside the data directory/,
    },
    {
      kind: 'a symlink inside files/ to a file outside',
      source: 'secret-link.jsonl',
      reason: /symbolic link/,
    },
    {
      kind: 'a path through a symlinked folder',
      source: 'outside-dir/secret.jsonl',
      reason: /symbolic link/,
    },
    {
      kind: 'a new file under a symlinked folder',
      sink: 'outside-dir/new/out.jsonl',
      reason: /symbolic link/,
    },
    {
      kind: 'a dangling symlink that points outside',
      sink: 'dangling.jsonl',
      reason: /symbolic link/,
    },
    { kind: 'a symlink loop', source: 'loop-a', reason: /symbolic link/ },
    { kind: 'a NUL byte', source: 'inside/ok.jsonl\u0000.png', reason: /NUL/ },
    { kind: 'a folder as the source', source: 'inside', reason: /"inside" is a folder/ },
    { kind: 'a folder as the sink', sink: 'inside/', reason: /"inside\/" is a folder/ },
    {
      kind: 'a sink below a file',
      sink: 'inside/ok.jsonl/out.jsonl',
      reason: /goes through a file as if it were a folder/,
    },
  ];

  it.each(pathCases)('refuses $kind on validate and on run', async (c) => {
    const document = reading(c.source ?? 'inside/ok.jsonl', c.sink ?? 'out.jsonl');
    const broken = c.source ? 'src' : 'out';
    const validated = await send(s, 'POST', '/api/validate', json(document));
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({
      valid: false,
      problems: [{ nodeId: broken, path: ['path'], message: expect.stringMatching(c.reason) }],
    });
    expectNoInsides(validated.text);
    const saved = await savePipeline(s, document);
    const run = await send(s, 'POST', `/api/pipelines/${saved.id}/runs`);
    expectRefusal(run, 422, /not valid/);
    expect(run.body!.problems).toMatchObject([
      { nodeId: broken, path: ['path'], message: expect.stringMatching(c.reason) },
    ]);
  });

  it('accepts the same pipeline with a path inside files/', async () => {
    const validated = await send(
      s,
      'POST',
      '/api/validate',
      json(reading('inside/ok.jsonl', 'inside/new/out.jsonl')),
    );
    expect(validated.body).toEqual({ valid: true, problems: [] });
  });

  it(`refuses a run beyond ${MAX_ACTIVE_RUNS} at once → 429`, async () => {
    const extra = await savePipeline(s, livePipeline('extra', 10));
    const started: RunSummary[] = [];
    while (s.runs.active.size < MAX_ACTIVE_RUNS) started.push(await startRun(s, extra.id));
    const refused = await send(s, 'POST', `/api/pipelines/${extra.id}/runs`);
    expectRefusal(refused, 429, /too many runs/);
    expect(refused.body!.problems).toMatchObject([
      { message: expect.stringMatching(/stop one first/) },
    ]);

    // While they all run: one socket may follow at most MAX_SUBSCRIPTIONS of them.
    const c = client(s);
    try {
      const runIds = [ids.finished, ids.stopped, ...started.map((r) => r.id)];
      expect(runIds.length).toBeGreaterThan(MAX_SUBSCRIPTIONS);
      for (const id of runIds.slice(0, MAX_SUBSCRIPTIONS))
        expect(await subscribe(c, id)).toEqual({ ok: true });
      expect(await subscribe(c, runIds[0]!)).toEqual({ ok: true }); // again: not one more
      expect(await subscribe(c, runIds[MAX_SUBSCRIPTIONS]!)).toEqual({
        ok: false,
        message: `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`,
      });
      expect(await c.emitWithAck('unsubscribe', { runId: runIds[1]! })).toEqual({ ok: true });
      expect(await subscribe(c, runIds[MAX_SUBSCRIPTIONS]!)).toEqual({ ok: true });
    } finally {
      c.close();
      for (const run of started)
        expect((await send(s, 'POST', `/api/runs/${run.id}/stop`)).status).toBe(200);
    }
    expect([...s.runs.active.keys()]).toEqual([ids.run]);
  });

  describe('socket messages', () => {
    type Emit = (c: Client) => Promise<unknown>;
    const raw = (c: Client) =>
      c as unknown as {
        emit(...args: unknown[]): void;
        emitWithAck(...args: unknown[]): Promise<unknown>;
      };
    const problemOf = (c: Client, send: (c: Client) => void) => {
      const answer = next(c, 'problem', () => true, 5000);
      send(c);
      return answer;
    };

    const socketCases: { kind: string; emit: Emit; expected: unknown }[] = [
      {
        kind: 'an unknown event with an ack',
        emit: (c) => raw(c).emitWithAck('run', { pipelineId: ids.pipeline }),
        expected: { ok: false, message: expect.stringMatching(/unknown event "run"/) },
      },
      {
        kind: 'an unknown event without an ack',
        emit: (c) => problemOf(c, () => raw(c).emit('stop', { runId: ids.run })),
        expected: { event: 'stop', message: expect.stringMatching(/unknown event "stop"/) },
      },
      {
        kind: 'an unknown event with a very long name',
        emit: (c) => raw(c).emitWithAck('x'.repeat(5000)),
        expected: { ok: false, message: expect.stringMatching(/^unknown event "x{40}":/) },
      },
      {
        kind: 'subscribe with a bare run id',
        emit: (c) => raw(c).emitWithAck('subscribe', ids.run),
        expected: { ok: false, message: 'subscribe takes { runId }' },
      },
      {
        kind: 'subscribe with an empty object',
        emit: (c) => raw(c).emitWithAck('subscribe', {}),
        expected: { ok: false, message: 'subscribe takes { runId }' },
      },
      {
        kind: 'subscribe with a numeric run id',
        emit: (c) => raw(c).emitWithAck('subscribe', { runId: 42 }),
        expected: { ok: false, message: 'subscribe takes { runId }' },
      },
      {
        kind: 'subscribe with an unknown extra field',
        emit: (c) => raw(c).emitWithAck('subscribe', { runId: ids.run, all: true }),
        expected: { ok: false, message: 'subscribe takes { runId }' },
      },
      {
        kind: 'subscribe with a run id that climbs folders',
        emit: (c) => raw(c).emitWithAck('subscribe', { runId: '../../rivulet.db' }),
        expected: { ok: false, message: 'subscribe takes { runId }' },
      },
      {
        kind: 'subscribe with nothing at all',
        emit: (c) => raw(c).emitWithAck('subscribe'),
        expected: { ok: false, message: 'subscribe takes { runId }' },
      },
      {
        kind: 'a malformed subscribe without an ack',
        emit: (c) => problemOf(c, () => raw(c).emit('subscribe', null)),
        expected: { event: 'subscribe', message: 'subscribe takes { runId }' },
      },
      {
        kind: 'subscribe with a non-function where the ack goes',
        emit: (c) => problemOf(c, () => raw(c).emit('subscribe', { runId: ids.run }, 'please ack')),
        expected: {
          event: 'subscribe',
          message: expect.stringMatching(/one message and an optional acknowledgement/),
        },
      },
      {
        kind: 'unsubscribe with a non-function where the ack goes',
        emit: (c) => problemOf(c, () => raw(c).emit('unsubscribe', { runId: ids.run }, 7)),
        expected: {
          event: 'unsubscribe',
          message: expect.stringMatching(/one message and an optional acknowledgement/),
        },
      },
      {
        kind: 'a malformed unsubscribe',
        emit: (c) => raw(c).emitWithAck('unsubscribe', [ids.run]),
        expected: { ok: false, message: 'unsubscribe takes { runId }' },
      },
      {
        kind: 'subscribe to an unknown run',
        emit: (c) => subscribe(c, unknownId),
        expected: { ok: false, message: `no run "${unknownId}"` },
      },
      {
        kind: 'subscribe to a pipeline id instead of a run id',
        emit: (c) => subscribe(c, ids.pipeline),
        expected: { ok: false, message: expect.stringMatching(/^no run "[0-9a-f-]{36}"$/) },
      },
    ];

    it.each(socketCases)('refuses $kind', async (c) => {
      const socket = client(s);
      try {
        expect(await c.emit(socket)).toEqual(c.expected);
        // The connection is still usable afterwards.
        expect(await subscribe(socket, ids.run)).toEqual({ ok: true });
      } finally {
        socket.close();
      }
    });

    it(`disconnects a socket that sends more than ${MAX_MESSAGES_PER_SECOND} messages a second`, async () => {
      const socket = client(s);
      try {
        await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
        const problem = next(socket, 'problem', (m) => /messages a second/.test(m.message));
        const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
        for (let i = 0; i < MAX_MESSAGES_PER_SECOND * 4; i++)
          socket.emit('unsubscribe', { runId: ids.run });
        expect(await problem).toEqual({
          event: 'unsubscribe',
          message: `more than ${MAX_MESSAGES_PER_SECOND} messages a second: disconnected`,
        });
        expect(await gone).toBe('io server disconnect');
      } finally {
        socket.close();
      }
    });

    it('refuses a subscribe nested 7000 deep, sent as a raw packet', async () => {
      const ws = await rawSocket(s);
      try {
        const nested = '['.repeat(7000) + ']'.repeat(7000);
        ws.send(`421["subscribe",{"runId":${nested}}]`);
        expect(await ws.next((m) => m.startsWith('431'))).toBe(
          '431[{"ok":false,"message":"subscribe takes { runId }"}]',
        );
      } finally {
        ws.close();
      }
    });

    it('closes a connection that sends a packet socket.io cannot decode', async () => {
      const ws = await rawSocket(s);
      const closed = new Promise((resolve) => ws.socket.once('close', resolve));
      ws.send('42["subscribe",{not json');
      await closed;
    });

    it('disconnects a socket that sends an oversize payload', async () => {
      const socket = client(s);
      try {
        await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
        const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
        socket.emit('subscribe', { runId: 'r'.repeat(64 * 1024) });
        expect(await gone).toBe('transport close');
      } finally {
        socket.close();
      }
    });

    it('refuses a socket from another origin', async () => {
      const socket = connect(s.url, {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { origin: 'http://evil.example' },
      });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      socket.close();
      expect(error.message).toMatch(/websocket error|Forbidden|xhr poll error/);
    });
  });

  describe('a server with a token', () => {
    let guarded: RunningServer;
    beforeAll(async () => {
      guarded = await testServer({ demo: true, token: TOKEN });
    });
    afterAll(() => guarded?.close());

    const tokenCases: {
      kind: string;
      headers: Record<string, string>;
      path?: string;
      status: number;
    }[] = [
      { kind: 'no token', headers: {}, status: 401 },
      {
        kind: 'a wrong token',
        headers: { authorization: `Bearer ${'y'.repeat(32)}` },
        status: 401,
      },
      {
        kind: 'a prefix of the token',
        headers: { authorization: `Bearer ${TOKEN.slice(0, 16)}` },
        status: 401,
      },
      {
        kind: 'the token with another scheme',
        headers: { authorization: `Basic ${TOKEN}` },
        status: 401,
      },
      {
        kind: 'the token in the query string',
        headers: {},
        path: `/api/pipelines?token=${TOKEN}`,
        status: 401,
      },
      { kind: 'the health route without a token', headers: {}, path: '/api/health', status: 401 },
      { kind: 'the bare token, without Bearer', headers: { authorization: TOKEN }, status: 401 },
      { kind: 'Bearer and nothing', headers: { authorization: 'Bearer ' }, status: 401 },
      {
        kind: 'the token twice',
        headers: { authorization: `Bearer ${TOKEN} ${TOKEN}` },
        status: 401,
      },
      {
        kind: 'the right token from another origin',
        headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' },
        status: 403,
      },
    ];

    it.each(tokenCases)('refuses a request with $kind → $status', async (c) => {
      const answer = await send(guarded, 'GET', c.path ?? '/api/pipelines', { headers: c.headers });
      expectRefusal(answer, c.status, c.status === 401 ? /Authorization: Bearer/ : undefined);
      expect(answer.text).not.toContain(TOKEN);
    });

    it('answers with the right token (the scheme in any case)', async () => {
      for (const scheme of ['Bearer', 'bearer']) {
        const answer = await send(guarded, 'GET', '/api/pipelines', {
          headers: { authorization: `${scheme} ${TOKEN}` },
        });
        expect(answer.status).toBe(200);
      }
    });

    it('refuses the right token under a Host that is not ours', async () => {
      const answer = await sendRaw(guarded, 'GET', '/api/pipelines', {
        headers: { host: `evil.example:${portOf(guarded)}`, authorization: `Bearer ${TOKEN}` },
      });
      expectRefusal(answer, 403, /Host header/);
    });

    it.each([
      { kind: 'no token', token: undefined },
      { kind: 'a wrong token', token: 'z'.repeat(32) },
    ])('refuses a socket with $kind (connect_error)', async ({ token }) => {
      const socket = client(guarded, token);
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      socket.close();
      expect(error.message).toBe('a token is required: connect with auth: { token }');
    });

    it('accepts a socket with the token', async () => {
      const socket = client(guarded, TOKEN);
      await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
      expect(await subscribe(socket, unknownId)).toEqual({
        ok: false,
        message: `no run "${unknownId}"`,
      });
      socket.close();
    });
  });

  describe('the Host header (DNS rebinding)', () => {
    const refusedHosts: { kind: string; host: () => string }[] = [
      { kind: 'another name on our port', host: () => `evil.example:${portOf(s)}` },
      { kind: 'our address on another port', host: () => '127.0.0.1:1' },
      {
        kind: 'a name that begins like loopback',
        host: () => `127.0.0.1.evil.example:${portOf(s)}`,
      },
      { kind: 'a name beginning 127.', host: () => `127.evil.example:${portOf(s)}` },
      { kind: 'our host with more after the port', host: () => `${hostOf(s)}.evil.example` },
      { kind: 'localhost with a trailing dot', host: () => `localhost.:${portOf(s)}` },
      { kind: 'localhost without the port', host: () => 'localhost' },
      { kind: 'user info before our host', host: () => `x@${hostOf(s)}` },
      { kind: '0.0.0.0 on our port', host: () => `0.0.0.0:${portOf(s)}` },
    ];

    it.each(refusedHosts)(
      'refuses $kind: the API, the web app and the socket handshake',
      async (c) => {
        const host = c.host();
        for (const path of ['/api/health', '/api/pipelines', '/', '/index.html']) {
          expectRefusal(await sendRaw(s, 'GET', path, { headers: { host } }), 403, /Host header/);
        }
        const save = await sendRaw(s, 'POST', '/api/pipelines', {
          body: JSON.stringify({ document: doc }),
          headers: { host, 'content-type': 'application/json' },
        });
        expectRefusal(save, 403, /Host header/);
        const handshake = await sendRaw(s, 'GET', '/socket.io/?EIO=4&transport=polling', {
          headers: { host },
        });
        expect(handshake.status).toBe(403);
      },
    );

    it('refuses a rebinding page: its Origin and Host agree, and neither is ours', async () => {
      const host = `rebind.example:${portOf(s)}`;
      const answer = await sendRaw(s, 'GET', '/api/pipelines', {
        headers: { host, origin: `http://${host}` },
      });
      expectRefusal(answer, 403);
      // The WebSocket handshake: refused (engine.io answers a refused upgrade with 400); the
      // same handshake under our own name opens.
      expect(await upgrade(host)).toBe('400');
      expect(await upgrade(hostOf(s))).toBe('open');
    });

    /** A socket.io WebSocket handshake under that Host (and Origin); its outcome. */
    async function upgrade(host: string): Promise<string> {
      const ws = new WebSocket(
        `${s.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
        {
          headers: { host, origin: `http://${host}` },
        },
      );
      const outcome = await new Promise<string>((resolve) => {
        ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.once('open', () => resolve('open'));
        ws.once('error', (error) => resolve(error.message));
      });
      ws.terminate();
      return outcome;
    }

    it.each(['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]'])(
      'accepts %s on our port, with or without an Origin of any loopback name',
      async (name) => {
        const host = `${name}:${portOf(s)}`;
        expect((await sendRaw(s, 'GET', '/api/health', { headers: { host } })).status).toBe(200);
        for (const origin of [`http://${host}`, `http://localhost:${portOf(s)}`]) {
          const answer = await sendRaw(s, 'GET', '/api/health', { headers: { host, origin } });
          expect(answer.status).toBe(200);
        }
        const handshake = await sendRaw(s, 'GET', '/socket.io/?EIO=4&transport=polling', {
          headers: { host },
        });
        expect(handshake.status).toBe(200);
      },
    );
  });

  describe('a server with RIVULET_ALLOWED_HOSTS and the web app', () => {
    let listed: RunningServer;
    beforeAll(async () => {
      const web = tempDir();
      writeFileSync(join(web, 'index.html'), '<!doctype html><title>Rivulet</title>');
      listed = await testServer({
        demo: false,
        allowedHosts: ['Studio.Example', 'lan.example:8080'],
        webDist: web,
      });
    });
    afterAll(() => listed?.close());

    it('accepts a listed name on the server port, or without a port (behind a proxy)', async () => {
      for (const host of [
        `studio.example:${portOf(listed)}`,
        'studio.example',
        'lan.example:8080',
      ]) {
        const page = await sendRaw(listed, 'GET', '/', { headers: { host } });
        expect({ host, status: page.status, type: page.type }).toMatchObject({
          status: 200,
          type: expect.stringMatching(/^text\/html/),
        });
      }
      const proxied = await sendRaw(listed, 'GET', '/api/health', {
        headers: { host: 'studio.example', origin: 'https://studio.example' },
      });
      expect(proxied.status).toBe(200);
    });

    it('refuses names not listed, and a listed name on another port', async () => {
      for (const host of [`lan.example:${portOf(listed)}`, `other.example:${portOf(listed)}`]) {
        expectRefusal(await sendRaw(listed, 'GET', '/', { headers: { host } }), 403, /Host/);
      }
      const answer = await sendRaw(listed, 'GET', '/api/health', {
        headers: { host: 'studio.example', origin: 'http://studio.example:1' },
      });
      expectRefusal(answer, 403, /studio\.example:1 are not allowed/);
    });

    it('refuses to start with a malformed entry', async () => {
      await expect(testServer({ allowedHosts: ['http://studio.example'] })).rejects.toThrow(
        /RIVULET_ALLOWED_HOSTS: "http:\/\/studio\.example" is not a host/,
      );
    });
  });

  describe('files that cannot be used, and the data directory never shown', () => {
    it('fails a run naming the sink whose file cannot be written (two sinks want one name)', async () => {
      // Each path is fine when validated; at run time one sink makes `clash` a file and the
      // other a folder, whichever opens first: the other one cannot write.
      const document = {
        version: 1,
        name: 'clash',
        nodes: [
          { id: 'gen', type: 'source.generator', params: { limit: 50 } },
          { id: 'asFile', type: 'sink.file', params: { path: 'clash' } },
          { id: 'asFolder', type: 'sink.file', params: { path: 'clash/out.jsonl' } },
        ],
        edges: [
          { source: 'gen', target: 'asFile' },
          { source: 'gen', target: 'asFolder' },
        ],
      };
      expect((await send(s, 'POST', '/api/validate', json(document))).body).toEqual({
        valid: true,
        problems: [],
      });
      const saved = await savePipeline(s, document);
      const ended = next(
        watcher,
        'status',
        (m) => m.pipelineId === saved.id && m.status !== 'running',
      );
      const run = await startRun(s, saved.id);
      const status = await ended;
      const error = {
        nodeId: expect.stringMatching(/^(asFile|asFolder)$/),
        message: expect.stringMatching(
          /^node "(asFile|asFolder)": cannot write "clash(\/out\.jsonl)?": (it is a folder, not a file|a folder on the way is a file)$/,
        ),
      };
      expect(status).toMatchObject({ status: 'failed', error });
      const summary = await send(s, 'GET', `/api/runs/${run.id}`);
      expect(summary.body).toMatchObject({ status: 'failed', error });
      expectNoInsides(summary.text);
    });

    it('answers a missing file and absolute paths without the data directory', async () => {
      const absolute = await send(
        s,
        'POST',
        '/api/validate',
        json(reading(join(s.dataDir, 'rivulet.db'), join(s.dataDir, 'files', 'inside'))),
      );
      expect(absolute.body).toMatchObject({
        valid: false,
        problems: expect.arrayContaining([
          {
            nodeId: 'src',
            path: ['path'],
            message: '"<data>/rivulet.db" is outside the data directory',
          },
          { nodeId: 'out', path: ['path'], message: '"inside" is a folder, not a file' },
        ]),
      });
      expectNoInsides(absolute.text);
      const refused = await send(
        s,
        'POST',
        `/api/pipelines/${(await savePipeline(s, reading(join(s.dataDir, 'rivulet.db')))).id}/runs`,
      );
      expectRefusal(refused, 422, /not valid/);

      const missing = reading('missing/nothing.jsonl', 'missing-out.jsonl');
      expect((await send(s, 'POST', '/api/validate', json(missing))).body).toEqual({
        valid: true,
        problems: [],
      });
      const saved = await savePipeline(s, missing);
      const ended = next(
        watcher,
        'status',
        (m) => m.pipelineId === saved.id && m.status !== 'running',
      );
      const run = await startRun(s, saved.id);
      const status = await ended;
      const error = {
        nodeId: 'src',
        message: 'node "src": cannot read "missing/nothing.jsonl": there is no such file',
      };
      expect(status).toMatchObject({ status: 'failed', error });
      expectNoInsides(JSON.stringify(status));
      for (const path of [`/api/runs/${run.id}`, `/api/runs?pipelineId=${saved.id}`]) {
        const answer = await send(s, 'GET', path);
        expect(answer.text).toContain('there is no such file');
        expectNoInsides(answer.text);
      }
    });
  });

  it('still answers, and the pipeline kept running all along', async () => {
    const health = await send(s, 'GET', '/api/health');
    expect(health).toMatchObject({ status: 200, body: { ok: true, activeRuns: 1 } });
    const after = await next(
      watcher,
      'telemetry',
      (m) =>
        m.runId === ids.run &&
        m.t > before.t &&
        node(m, 'gen').recordsOut > node(before, 'gen').recordsOut,
    );
    expect(after.status).toBe('running');
    expect(node(after, 'pay').recordsIn).toBe(node(after, 'gen').recordsOut);
    const summary = await send(s, 'GET', `/api/runs/${ids.run}`);
    expect(summary.body).toMatchObject({ id: ids.run, status: 'running', error: null });
  });
});
