import { api } from '../../api/client';
import { indexProblems } from '../../graph/problems';
import { originOf } from '../../pipelines/runOrigin';
import { failureOf, launch } from './runActions';
import type { GetLive, SavepointActions, SetLive } from './state';

export function savepointActions(set: SetLive, get: GetLive): SavepointActions {
  return {
    async stopWithSavepoint() {
      const { runId } = get();
      if (!runId || get().busy) return;
      set({ busy: 'savepointing', actionError: null });
      try {
        const run = await api.stopRun(runId, { savepoint: true });
        if (get().runId === run.id)
          set({ runStatus: run.status, runError: run.error, origin: originOf(run) });
        set({
          busy: null,
          actionError:
            originOf(run).savepointId === null
              ? { message: 'The run stopped, but the engine took no savepoint.', problems: [] }
              : null,
        });
      } catch (error) {
        const failure = failureOf(error)!;
        set({
          busy: null,
          actionError: { ...failure, message: `Stop with savepoint failed: ${failure.message}` },
        });
      }
    },
    async startFromSavepoint(doc, savepointId, allowNonRestoredState = false) {
      const outcome = await launch(set, get, doc, {
        fromSavepoint: savepointId,
        allowNonRestoredState,
      });
      if (!outcome || outcome.status === 'started') return outcome;
      const { message, problems } = outcome.error;
      if (outcome.status === 'refused' && !allowNonRestoredState)
        set({
          restoreRefusal: { savepointId, message, problems, index: indexProblems(problems) },
        });
      else set({ restoreRefusal: null, actionError: outcome.error });
      return outcome;
    },
    dismissRestoreRefusal() {
      set({ restoreRefusal: null });
    },
  };
}
