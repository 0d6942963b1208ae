import type {
  ApiError,
  CatalogueEntry,
  DeadLetterPage,
  ExportResponse,
  PipelineDocument,
  PipelineRecord,
  PipelineSummary,
  PipelineTemplate,
  PipelineVersion,
  RunSummary,
  SavepointSummary,
  StartRunBody,
  StopRunBody,
  ValidateResponse,
} from '@rivulet/shared-types';

/** An API answer that is not 2xx: its status, message and problems. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

/** Body of a stop with savepoint; a plain stop sends none. */
export type StopOptions = ReturnType<typeof StopRunBody.parse>;

/**
 * Body of a start from a savepoint (the schema's parsed shape, which it also accepts).
 * `allowNonRestoredState` starts even when saved state no longer fits a node; without it the
 * engine answers 422 with one problem per such node.
 */
export type StartFrom = ReturnType<typeof StartRunBody.parse>;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(0, {
      message: 'The engine cannot be reached. Is `npm start` still running?',
      problems: [],
    });
  }
  if (res.status === 204) return undefined as T;
  const json = (await res
    .json()
    .catch(() => ({ message: `HTTP ${res.status}`, problems: [] }))) as unknown;
  if (!res.ok) throw new ApiFailure(res.status, json as ApiError);
  return json as T;
}

/** The engine's REST API (docs/api.md), typed by the shared schemas. */
export const api = {
  operators: () => call<CatalogueEntry[]>('GET', '/operators'),
  templates: () => call<PipelineTemplate[]>('GET', '/templates'),
  validate: (document: unknown) => call<ValidateResponse>('POST', '/validate', document),
  /** The Flink SQL script of a document, or null and every problem that keeps it from Flink. */
  exportFlinkSql: (document: PipelineDocument) =>
    call<ExportResponse>('POST', '/export/flink-sql', document),
  listPipelines: () => call<PipelineSummary[]>('GET', '/pipelines'),
  getPipeline: (id: string) => call<PipelineRecord>('GET', `/pipelines/${id}`),
  createPipeline: (document: PipelineDocument) =>
    call<PipelineRecord>('POST', '/pipelines', { document }),
  savePipeline: (id: string, document: PipelineDocument) =>
    call<PipelineRecord>('PUT', `/pipelines/${id}`, { document }),
  deletePipeline: (id: string) => call<void>('DELETE', `/pipelines/${id}`),
  listVersions: (id: string) =>
    call<Omit<PipelineVersion, 'document'>[]>('GET', `/pipelines/${id}/versions`),
  getVersion: (id: string, version: number) =>
    call<PipelineVersion>('GET', `/pipelines/${id}/versions/${version}`),
  /** Without `from`, a fresh run; with it, a run that starts from that savepoint's state. */
  startRun: (pipelineId: string, from?: StartFrom) =>
    call<RunSummary>('POST', `/pipelines/${pipelineId}/runs`, from),
  /** Plain stop sends no body; with `{ savepoint: true }` the answer names the savepoint. */
  stopRun: (runId: string, options?: StopOptions) =>
    call<RunSummary>('POST', `/runs/${runId}/stop`, options),
  listSavepoints: (pipelineId: string) =>
    call<SavepointSummary[]>('GET', `/pipelines/${pipelineId}/savepoints`),
  deleteSavepoint: (id: string) => call<void>('DELETE', `/savepoints/${id}`),
  getRun: (runId: string) => call<RunSummary>('GET', `/runs/${runId}`),
  listRuns: (pipelineId?: string) =>
    call<RunSummary[]>('GET', `/runs${pipelineId ? `?pipelineId=${pipelineId}` : ''}`),
  deadLetters: (runId: string, offset = 0, limit = 50) =>
    call<DeadLetterPage>('GET', `/runs/${runId}/dead-letters?offset=${offset}&limit=${limit}`),
};
