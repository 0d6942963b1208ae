import type { ApiError, RunHistory } from '@rivulet/shared-types';
import { ApiFailure } from '../api/client';

/** GET /api/runs/:id/telemetry: a run's kept telemetry, samples and log (docs/api.md). */
export async function getRunHistory(runId: string): Promise<RunHistory> {
  let res: Response;
  try {
    res = await fetch(`/api/runs/${runId}/telemetry`);
  } catch {
    throw new ApiFailure(0, { message: 'The engine cannot be reached.', problems: [] });
  }
  const json = (await res.json().catch(() => ({ message: `HTTP ${res.status}`, problems: [] }))) as
    RunHistory | ApiError;
  if (!res.ok) throw new ApiFailure(res.status, json as ApiError);
  return json as RunHistory;
}
