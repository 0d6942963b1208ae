// The engine's REST API, for setting a test up and checking what the UI saved.
import type {
  PipelineDocument,
  PipelineRecord,
  PipelineTemplate,
  RunSummary,
  SavepointSummary,
} from '@rivulet/shared-types';
import { engine } from '../engine';

export type { PipelineDocument, PipelineRecord, RunSummary };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${engine().url}/api${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} /api${path}: HTTP ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const api = {
  createPipeline: (document: PipelineDocument) =>
    call<PipelineRecord>('POST', '/pipelines', { document }),
  getPipeline: (id: string) => call<PipelineRecord>('GET', `/pipelines/${id}`),
  listPipelines: () => call<{ id: string; name: string; version: number }[]>('GET', '/pipelines'),
  deletePipeline: (id: string) => call<void>('DELETE', `/pipelines/${id}`),
  runs: (pipelineId: string) => call<RunSummary[]>('GET', `/runs?pipelineId=${pipelineId}`),
  startRun: (pipelineId: string) => call<RunSummary>('POST', `/pipelines/${pipelineId}/runs`),
  stopRun: (runId: string) => call<RunSummary>('POST', `/runs/${runId}/stop`),
  templates: () => call<PipelineTemplate[]>('GET', '/templates'),
  savepoints: (pipelineId: string) =>
    call<SavepointSummary[]>('GET', `/pipelines/${pipelineId}/savepoints`),
};

/** Stops every run of a pipeline that is still running (so one test never feeds the next). */
export async function stopRuns(pipelineId: string): Promise<void> {
  const runs = await api.runs(pipelineId);
  await Promise.all(
    runs
      .filter((r) => r.status === 'running' || r.status === 'recovering')
      .map((r) => api.stopRun(r.id).catch(() => {})),
  );
}

/** The parts of a document the user made: nodes (id, type, params, position) and edges. */
export function graphOf(document: PipelineDocument) {
  const byId = <T extends { id?: string | undefined }>(a: T, b: T) =>
    String(a.id).localeCompare(String(b.id));
  return {
    nodes: document.nodes.map((n) => ({ id: n.id, type: n.type, params: n.params })).sort(byId),
    edges: document.edges
      .map((e) => ({
        source: e.source,
        target: e.target,
        sourceHandle: e.sourceHandle ?? 'out',
        targetHandle: e.targetHandle ?? 'in',
      }))
      .sort((a, b) =>
        `${a.source}>${a.target}>${a.sourceHandle}`.localeCompare(
          `${b.source}>${b.target}>${b.sourceHandle}`,
        ),
      ),
  };
}
