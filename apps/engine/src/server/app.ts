import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Id, PageQuery, SavePipelineBody, type ValidateResponse } from '@rivulet/shared-types';
import { z } from 'zod';
import type { PathCheck } from '../validate.js';
import { validatePipeline } from '../validate.js';
import { buildCatalogue } from './catalogue.js';
import { templates } from './templates/index.js';
import { HttpError, errorHandler, notFound, parseOr400 } from './errors.js';
import type { RunManager } from './runs.js';
import type { Store } from './store.js';

/** Largest request body (a pipeline document of a few hundred nodes is far smaller). */
export const BODY_LIMIT = '1mb';

/** Deepest nesting of arrays and objects in a body (a pipeline needs under ten): deeper ones
 * would overflow the stack of whatever walks them later (JSON.stringify when saving). */
export const MAX_BODY_DEPTH = 64;

export interface AppOptions {
  store: Store;
  runs: RunManager;
  checkPath: PathCheck;
  /** Required on every API request when set (Authorization: Bearer …). */
  token?: string;
  /** The built web app, served at / when present. */
  webDist?: string;
}

const IdParam = z.strictObject({ id: Id });
const VersionParams = z.strictObject({
  id: Id,
  version: z.coerce.number().int().positive().max(1_000_000),
});
const RunsQuery = z.strictObject({
  pipelineId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function createApp(options: AppOptions): express.Express {
  const { store, runs, checkPath } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const catalogue = buildCatalogue();

  app.use((req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    next();
  });

  const api = express.Router();
  // Same origin only: a browser request from another origin is refused (no CORS headers are sent).
  api.use((req, _res, next) => {
    const origin = req.get('origin');
    if (origin !== undefined && !sameOrigin(origin, req.get('host'))) {
      return next(
        new HttpError(403, `requests from ${origin} are not allowed: only the app's own origin`),
      );
    }
    if (options.token !== undefined && !tokenMatches(req.get('authorization'), options.token)) {
      return next(
        new HttpError(401, 'a token is required: send Authorization: Bearer <RIVULET_TOKEN>'),
      );
    }
    if (
      ['POST', 'PUT', 'PATCH'].includes(req.method) &&
      req.get('content-length') !== '0' &&
      req.is('application/json') === false
    ) {
      return next(new HttpError(415, 'send the body as application/json'));
    }
    next();
  });
  api.use(express.json({ limit: BODY_LIMIT, strict: true }));
  api.use((req, _res, next) => {
    if (deeperThan(req.body, MAX_BODY_DEPTH))
      return next(
        new HttpError(400, `the request body nests deeper than ${MAX_BODY_DEPTH} levels`),
      );
    next();
  });

  api.get('/health', (_req, res) => {
    res.json({ ok: true, activeRuns: runs.active.size });
  });

  api.get('/operators', (_req, res) => {
    res.json(catalogue);
  });

  api.get('/templates', (_req, res) => {
    res.json(templates);
  });

  api.post('/validate', (req, res) => {
    const result = validatePipeline(req.body, { checkPath });
    const body: ValidateResponse = result.ok
      ? { valid: true, problems: [] }
      : { valid: false, problems: result.problems };
    res.json(body);
  });

  api.get('/pipelines', (_req, res) => {
    res.json(store.listPipelines());
  });

  api.post('/pipelines', (req, res) => {
    const { document } = parseOr400(SavePipelineBody, req.body, 'body');
    res.status(201).json(store.createPipeline(document));
  });

  api.get('/pipelines/:id', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    res.json(store.getPipeline(id) ?? raise(notFound(`pipeline "${id}"`)));
  });

  api.put('/pipelines/:id', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const { document } = parseOr400(SavePipelineBody, req.body, 'body');
    res.json(store.updatePipeline(id, document) ?? raise(notFound(`pipeline "${id}"`)));
  });

  api.delete('/pipelines/:id', async (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    // Its runs go with it: those running are stopped first, and no new one starts meanwhile.
    const deleted = await runs.whileDeleting(id, () => store.deletePipeline(id));
    if (!deleted) throw notFound(`pipeline "${id}"`);
    res.status(204).end();
  });

  api.get('/pipelines/:id/versions', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    res.json(store.listVersions(id) ?? raise(notFound(`pipeline "${id}"`)));
  });

  api.get('/pipelines/:id/versions/:version', (req, res) => {
    const { id, version } = parseOr400(VersionParams, req.params, 'path');
    res.json(
      store.getVersion(id, version) ?? raise(notFound(`version ${version} of pipeline "${id}"`)),
    );
  });

  api.post('/pipelines/:id/runs', async (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const started = await runs.start(id);
    if (!started.ok) {
      const status = started.status ?? 422;
      throw new HttpError(
        status,
        status === 404
          ? `pipeline "${id}" not found`
          : status === 429
            ? 'too many runs'
            : status === 409
              ? `pipeline "${id}" is being deleted`
              : 'the pipeline is not valid',
        started.problems,
      );
    }
    res.status(201).json(started.value);
  });

  api.get('/runs', (req, res) => {
    const { pipelineId, limit } = parseOr400(RunsQuery, req.query, 'query');
    res.json(store.listRuns(pipelineId, limit).map((r) => runs.summary(r.id) ?? r));
  });

  api.get('/runs/:id', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    res.json(runs.summary(id) ?? raise(notFound(`run "${id}"`)));
  });

  api.post('/runs/:id/stop', async (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const stopping = runs.stop(id);
    if (stopping) return void res.json(await stopping);
    const done = store.getRun(id) ?? raise(notFound(`run "${id}"`));
    throw new HttpError(409, `run "${id}" is not running (it is ${done.status})`);
  });

  api.get('/runs/:id/dead-letters', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const { offset, limit } = parseOr400(PageQuery, req.query, 'query');
    res.json(runs.deadLetters(id, offset, limit) ?? raise(notFound(`run "${id}"`)));
  });

  api.use((req, _res, next) => next(new HttpError(404, `no route ${req.method} /api${req.path}`)));
  api.use(errorHandler);
  app.use('/api', api);

  if (options.webDist && existsSync(join(options.webDist, 'index.html'))) {
    const index = join(options.webDist, 'index.html');
    app.use(express.static(options.webDist, { index: false, maxAge: '1h' }));
    // The single-page app answers every other GET.
    app.get(/^(?!\/socket\.io\/).*/, (_req, res) => res.sendFile(index));
  }
  app.use((req: Request, _res: Response, next: NextFunction) =>
    next(new HttpError(404, `no route ${req.method} ${req.path}`)),
  );
  app.use(errorHandler);
  return app;
}

/** Whether a parsed JSON value nests deeper than `limit`; iterative, so any depth is safe. */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function raise(error: Error): never {
  throw error;
}

export function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Compares a `Bearer` header (or a bare token) with the token in constant time. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : (header ?? ''));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
