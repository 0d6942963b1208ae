import { SaveConflict, type PipelineDocument, type PipelineRecord } from '@rivulet/shared-types';
import { ApiFailure } from '../api/client';

/** How a save ended: the new record, or someone else's newer version (nothing was saved). */
export type SaveOutcome =
  { ok: true; record: PipelineRecord } | { ok: false; latestVersion: number; message: string };

/**
 * Saves a new version based on `baseVersion` (the version the edit started from): the engine
 * answers 409 with the latest version when someone saved meanwhile. Other failures throw
 * ApiFailure as every API call does.
 */
export async function saveOnBase(
  pipelineId: string,
  document: PipelineDocument,
  baseVersion: number | null,
): Promise<SaveOutcome> {
  let res: Response;
  try {
    res = await fetch(`/api/pipelines/${pipelineId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(baseVersion === null ? { document } : { document, baseVersion }),
    });
  } catch {
    throw new ApiFailure(0, {
      message: 'The engine cannot be reached. Is `npm start` still running?',
      problems: [],
    });
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, record: body as PipelineRecord };
  const conflict = res.status === 409 ? SaveConflict.safeParse(body) : null;
  if (conflict?.success)
    return {
      ok: false,
      latestVersion: conflict.data.latestVersion,
      message: conflict.data.message,
    };
  const error = body as { message?: string; problems?: [] } | null;
  throw new ApiFailure(res.status, {
    message: error?.message ?? `HTTP ${res.status}`,
    problems: error?.problems ?? [],
  });
}
