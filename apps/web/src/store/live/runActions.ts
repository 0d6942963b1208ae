import type { PipelineDocument } from '@rivulet/shared-types';
import { ApiFailure, api, type StartFrom } from '../../api/client';
import type { GetLive, LiveState, RunActions, SetLive, StartOutcome } from './state';

export type { StartOutcome } from './state';

export function failureOf(error: unknown): LiveState['actionError'] {
  if (error instanceof ApiFailure)
    return { message: error.body.message, problems: error.body.problems ?? [] };
  return { message: error instanceof Error ? error.message : String(error), problems: [] };
}

/**
 * Starts a run (fresh, or from a savepoint) and follows it. A failure is returned, not kept:
 * the caller decides where it shows.
 */
export async function launch(
  set: SetLive,
  get: GetLive,
  doc: PipelineDocument,
  from?: StartFrom,
): Promise<StartOutcome | null> {
  const { pipelineId } = get();
  if (!pipelineId || get().busy) return null;
  set({ busy: 'starting', actionError: null });
  try {
    const run = await api.startRun(pipelineId, from);
    set({ busy: null, restoreRefusal: null });
    if (get().pipelineId === pipelineId) get().attach(run, doc);
    return { status: 'started' };
  } catch (error) {
    set({ busy: null });
    const failure = failureOf(error)!;
    const refused = error instanceof ApiFailure && error.status === 422;
    return {
      status: refused && failure.problems.length > 0 ? 'refused' : 'failed',
      error: failure,
    };
  }
}

export function runActions(set: SetLive, get: GetLive): RunActions {
  return {
    async startRun(doc) {
      const outcome = await launch(set, get, doc);
      if (outcome && outcome.status !== 'started') set({ actionError: outcome.error });
      return outcome?.status === 'started';
    },
    async stopRun() {
      const { runId } = get();
      if (!runId || get().busy) return;
      set({ busy: 'stopping', actionError: null });
      try {
        const run = await api.stopRun(runId);
        if (get().runId === run.id) set({ runStatus: run.status, runError: run.error });
        set({ busy: null });
      } catch (error) {
        // 409: it had already ended; the status message says how.
        set({ busy: null, actionError: failureOf(error) });
      }
    },
    clearActionError() {
      set({ actionError: null });
    },
  };
}
