import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  Id,
  PageQuery,
  SavePipelineBody,
  UrlInt,
  type ExportResponse,
  type SaveConflict,
  type ValidateResponse,
  StartRunBody,
  StopRunBody,
} from '@rivulet/shared-types';
import { z } from 'zod';
import type { PathCheck } from '../validate.js';
import { validatePipeline } from '../validate.js';
import { exportFlinkSql } from '../export/flink/index.js';
import { buildCatalogue } from './catalogue.js';
import { fieldsHandler } from './fields.js';
import { templates } from './templates/index.js';
import { HttpError, createErrorHandler, notFound, parseOr400 } from './errors.js';
import type { Guard } from './guard.js';
import { peekRoute } from './peek.js';
import type { RunManager } from './runs.js';
import { VersionConflict, type Store } from './store.js';

/** Largest request body (a pipeline document of a few hundred nodes is far smaller). */
export const BODY_LIMIT = '1mb';

/** Deepest nesting of arrays and objects in a body (a pipeline needs under ten): deeper ones
 * would overflow the stack of whatever walks them later (JSON.stringify when saving). */
export const MAX_BODY_DEPTH = 64;

export interface AppOptions {
  store: Store;
  runs: RunManager;
  checkPath: PathCheck;
  /** Who may ask: the Host and Origin allowlist and the token (guard.ts). */
  guard: Guard;
  /** Rewrites every message answered (redactPaths with the data directory). */
  redact?: (message: string) => string;
  /** The built web app, served at / when present. */
  webDist?: string;
}

const IdParam = z.strictObject({ id: Id });
const VersionParams = z.strictObject({ id: Id, version: UrlInt(1, 1_000_000) });
const RunsQuery = z.strictObject({
  pipelineId: Id.optional(),
  limit: UrlInt(1, 500).default(100),
});

type Method = 'get' | 'post' | 'put' | 'delete';

export function createApp(options: AppOptions): express.Express {
  const { store, runs, checkPath, guard } = options;
  const redact = options.redact ?? ((message: string) => message);
  const errorHandler = createErrorHandler(redact);
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

  // Every request, the web app's files included: a Host that is not one of ours is DNS
  // rebinding or a misconfigured proxy; an Origin that is not ours is another site's page.
  app.use((req, _res, next) => {
    const refusal = guard.refusal(req.headers);
    next(refusal ? new HttpError(refusal.status, refusal.message) : undefined);
  });

  const api = express.Router();
  // No CORS headers are ever sent: a browser request from another origin is refused above.
  api.use((req, _res, next) => {
    const refusal = guard.refusal(req.headers, { token: true });
    if (refusal) return next(new HttpError(refusal.status, refusal.message));
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && req.get('content-length') !== '0') {
      if (req.is('application/json') === false)
        return next(new HttpError(415, 'send the body as application/json'));
      const charset = charsetOf(req.get('content-type'));
      if (charset !== null && charset !== 'utf-8')
        return next(
          new HttpError(415, `unsupported charset "${charset.slice(0, 40)}": send UTF-8 JSON`),
        );
    }
    next();
  });
  api.use(
    express.json({
      limit: BODY_LIMIT,
      strict: true,
      // The decoder would put U+FFFD for a bad byte and the document would be saved that way.
      verify: (_req, _res, raw) => {
        if (!isUtf8(raw)) throw new HttpError(400, 'the request body is not valid UTF-8');
      },
    }),
  );
  api.use((req, _res, next) => {
    if (deeperThan(req.body, MAX_BODY_DEPTH))
      return next(
        new HttpError(400, `the request body nests deeper than ${MAX_BODY_DEPTH} levels`),
      );
    next();
  });

  /** The methods of each route, for the Allow header of a 405. */
  const methods = new Map<string, string[]>();
  const on = (method: Method, path: string, handler: express.RequestHandler) => {
    api[method](path, handler);
    methods.set(path, [...(methods.get(path) ?? []), method.toUpperCase()]);
  };

  on('get', '/health', (_req, res) => {
    res.json({ ok: true, activeRuns: runs.active.size });
  });

  on('get', '/operators', (_req, res) => {
    res.json(catalogue);
  });

  on('get', '/templates', (_req, res) => {
    res.json(templates);
  });

  on('post', '/fields', fieldsHandler(checkPath));

  on('post', '/validate', (req, res) => {
    const result = validatePipeline(req.body, { checkPath });
    const body: ValidateResponse = result.ok
      ? { valid: true, problems: [] }
      : {
          valid: false,
          problems: result.problems.map((p) => ({ ...p, message: redact(p.message) })),
        };
    res.json(body);
  });

  on('post', '/export/flink-sql', async (req, res) => {
    const validated = validatePipeline(req.body, { checkPath });
    const exported = validated.ok ? await exportFlinkSql(validated.value) : validated;
    const body: ExportResponse = exported.ok
      ? { script: exported.value, problems: [] }
      : {
          script: null,
          problems: exported.problems.map((p) => ({ ...p, message: redact(p.message) })),
        };
    res.json(body);
  });

  on('get', '/pipelines', (_req, res) => {
    res.json(store.listPipelines());
  });

  on('post', '/pipelines', (req, res) => {
    const { document } = parseOr400(SavePipelineBody, req.body, 'body');
    res.status(201).json(store.createPipeline(document));
  });

  on('get', '/pipelines/:id', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    res.json(store.getPipeline(id) ?? raise(notFound(`pipeline "${id}"`)));
  });

  on('put', '/pipelines/:id', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const { document, baseVersion } = parseOr400(SavePipelineBody, req.body, 'body');
    try {
      res.json(
        store.updatePipeline(id, document, Date.now(), baseVersion) ??
          raise(notFound(`pipeline "${id}"`)),
      );
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      const body: SaveConflict = {
        message: error.message,
        problems: [],
        latestVersion: error.latestVersion,
      };
      res.status(409).json(body);
    }
  });

  on('delete', '/pipelines/:id', async (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    // Its runs go with it: those running are stopped first, and no new one starts meanwhile.
    const deleted = await runs.whileDeleting(id, () => store.deletePipeline(id));
    if (!deleted) throw notFound(`pipeline "${id}"`);
    res.status(204).end();
  });

  on('get', '/pipelines/:id/versions', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    res.json(store.listVersions(id) ?? raise(notFound(`pipeline "${id}"`)));
  });

  on('get', '/pipelines/:id/versions/:version', (req, res) => {
    const { id, version } = parseOr400(VersionParams, req.params, 'path');
    res.json(
      store.getVersion(id, version) ?? raise(notFound(`version ${version} of pipeline "${id}"`)),
    );
  });

  on('post', '/pipelines/:id/runs', async (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const { fromSavepoint, allowNonRestoredState } = parseOr400(
      StartRunBody,
      req.body ?? {},
      'body',
    );
    const started = await runs.start(id, {
      ...(fromSavepoint ? { savepointId: fromSavepoint } : {}),
      allowNonRestoredState,
    });
    if (!started.ok) {
      const status = started.status ?? 422;
      const message =
        started.message ??
        (status === 404
          ? (started.problems[0]?.message ?? `pipeline "${id}" not found`)
          : status === 429
            ? 'too many runs'
            : status === 409
              ? `pipeline "${id}" is being deleted`
              : 'the pipeline is not valid');
      throw new HttpError(status, message, started.problems);
    }
    res.status(201).json(started.value);
  });

  on('get', '/runs', (req, res) => {
    const { pipelineId, limit } = parseOr400(RunsQuery, req.query, 'query');
    res.json(store.listRuns(pipelineId, limit).map((r) => runs.summary(r.id) ?? r));
  });

  on('get', '/runs/:id', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    res.json(runs.summary(id) ?? raise(notFound(`run "${id}"`)));
  });

  on('post', '/runs/:id/stop', async (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const { savepoint } = parseOr400(StopRunBody, req.body ?? {}, 'body');
    const stopping = runs.stop(id, { savepoint });
    if (stopping) return void res.json(await stopping);
    const done = store.getRun(id) ?? raise(notFound(`run "${id}"`));
    throw new HttpError(409, `run "${id}" is not running (it is ${done.status})`);
  });

  on('get', '/pipelines/:id/savepoints', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    res.json(store.listSavepoints(id) ?? raise(notFound(`pipeline "${id}"`)));
  });

  on('delete', '/savepoints/:id', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    if (!runs.deleteSavepoint(id)) throw notFound(`savepoint "${id}"`);
    res.status(204).end();
  });

  on('get', '/runs/:id/dead-letters', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const { offset, limit } = parseOr400(PageQuery, req.query, 'query');
    res.json(runs.deadLetters(id, offset, limit) ?? raise(notFound(`run "${id}"`)));
  });

  // A run's kept telemetry, samples and log (history.ts); empty and kept: false once forgotten.
  on('get', '/runs/:id/telemetry', (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const kept = runs.history.get(id);
    if (kept) return void res.json(kept);
    const run = store.getRun(id) ?? raise(notFound(`run "${id}"`));
    res.json({
      runId: id,
      pipelineId: run.pipelineId,
      status: run.status,
      kept: false,
      since: run.startedAt,
      telemetry: [],
      samples: [],
      log: [],
    });
  });

  on('get', '/runs/:id/peek', peekRoute(runs, store));

  // A known route asked with another method: 405 and the methods it has.
  for (const [path, allowed] of methods) {
    const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
    api.all(path, (req, res, next) => {
      res.set('Allow', allow);
      if (req.method === 'OPTIONS') return void res.status(204).end();
      next(
        new HttpError(
          405,
          `${req.method} is not allowed on /api${req.path}: it takes ${allowed.join(', ')}`,
        ),
      );
    });
  }
  api.use((req, _res, next) => next(new HttpError(404, `no route ${req.method} /api${req.path}`)));
  api.use(errorHandler);
  app.use('/api', api);

  if (options.webDist && existsSync(join(options.webDist, 'index.html'))) {
    const index = join(options.webDist, 'index.html');
    app.use(compression());
    // Vite names each asset by its content's hash: a name never changes meaning, so browsers
    // keep them for good; a missing one is a 404, never the app's page.
    app.use(
      '/assets',
      express.static(join(options.webDist, 'assets'), {
        index: false,
        immutable: true,
        maxAge: '365d',
        fallthrough: false,
      }),
    );
    // index.html names the current assets: always revalidated.
    app.use(express.static(options.webDist, { index: false, maxAge: 0 }));
    // The single-page app answers every other GET.
    app.get(/^(?!\/socket\.io\/).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
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

/** The charset parameter of a Content-Type, lowercase, or null when there is none. */
function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : null;
}
