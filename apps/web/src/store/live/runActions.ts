import type { PipelineDocument } from '@rivulet/shared-types';
import { ApiFailure, api } from '../../api/client';
import type { LiveState, LiveStore } from '../live';

type Set = (partial: Partial<LiveState>) => void;
type Get = () => LiveStore;

/** Starting and stopping the open pipeline's run. */
export interface RunActions {
  /** Starts a run of the saved pipeline; `doc` is what was saved (its sinks feed the panels). */
  startRun(doc: PipelineDocument): Promise<boolean>;
  stopRun(): Promise<void>;
  clearActionError(): void;
}

export function failureOf(error: unknown): LiveState['actionError'] {
  if (error instanceof ApiFailure)
    return { message: error.body.message, problems: error.body.problems ?? [] };
  return { message: error instanceof Error ? error.message : String(error), problems: [] };
}

export function runActions(set: Set, get: Get): RunActions {
  return {
    async startRun(doc) {
      const { pipelineId } = get();
      if (!pipelineId || get().busy) return false;
      set({ busy: 'starting', actionError: null });
      try {
        const run = await api.startRun(pipelineId);
        set({ busy: null });
        if (get().pipelineId === pipelineId) get().attach(run, doc);
        return true;
      } catch (error) {
        set({ busy: null, actionError: failureOf(error) });
        return false;
      }
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
