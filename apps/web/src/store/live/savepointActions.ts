import type { PipelineDocument } from '@rivulet/shared-types';
import { api } from '../../api/client';
import { indexProblems } from '../../graph/problems';
import { originOf } from '../../pipelines/runOrigin';
import type { LiveStore } from '../live';
import type { LiveState } from './state';
import { failureOf, launch, type StartOutcome } from './runActions';

type Set = (partial: Partial<LiveState>) => void;
type Get = () => LiveStore;

/** Flink's savepoint actions: stop with one, start from one. */
export interface SavepointActions {
  /** Takes a savepoint, then stops the run; a refusal shows the server's message. */
  stopWithSavepoint(): Promise<void>;
  /**
   * Starts the saved pipeline from a savepoint. Saved state that does not fit the current
   * version is refused (422) and kept in `restoreRefusal`, its problems shown on their nodes;
   * `allowNonRestoredState` starts anyway and drops that state.
   */
  startFromSavepoint(
    doc: PipelineDocument,
    savepointId: string,
    allowNonRestoredState?: boolean,
  ): Promise<StartOutcome | null>;
  dismissRestoreRefusal(): void;
}

export function savepointActions(set: Set, get: Get): SavepointActions {
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
