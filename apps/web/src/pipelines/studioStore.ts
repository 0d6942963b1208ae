import type { PipelineVersion } from '@rivulet/shared-types';
import { create } from 'zustand';
import { api } from '../api/client';
import { useEditor } from '../store/editor';
import { useLive } from '../store/live';
import { failureOf, type StartOutcome } from '../store/live/runActions';
import { exportFileName } from './importDocument';

/** Saving, exporting and running the open pipeline: the studio header's actions. */
export interface StudioState {
  saving: boolean;
  saveError: string | null;
  /** The version the last save made, for "Saved v3". */
  savedVersion: number | null;
}

export interface StudioActions {
  save(): Promise<boolean>;
  /** Saves first when there are unsaved changes, then starts a run of what was saved. */
  run(): Promise<void>;
  /** As run, from a savepoint's state; `allowNonRestoredState` drops state that no longer fits. */
  runFromSavepoint(
    savepointId: string,
    allowNonRestoredState?: boolean,
  ): Promise<StartOutcome | null>;
  exportDocument(): void;
  /** Puts an old version in the editor, unsaved: saving it makes it the newest version. */
  restore(version: PipelineVersion): void;
  reset(): void;
}

export const useStudio = create<StudioState & StudioActions>()((set, get) => ({
  saving: false,
  saveError: null,
  savedVersion: null,
  async save() {
    const { pipelineId } = useLive.getState();
    if (!pipelineId || get().saving) return false;
    set({ saving: true, saveError: null });
    const doc = useEditor.getState().toDocument();
    try {
      const record = await api.savePipeline(pipelineId, doc);
      useEditor.getState().markSaved();
      useLive.getState().setVersion(record.version);
      set({ saving: false, savedVersion: record.version });
      return true;
    } catch (error) {
      set({ saving: false, saveError: `Not saved: ${failureOf(error)?.message ?? 'failed'}` });
      return false;
    }
  },
  async run() {
    if (useEditor.getState().dirty && !(await get().save())) return;
    await useLive.getState().startRun(useEditor.getState().toDocument());
  },
  async runFromSavepoint(savepointId, allowNonRestoredState = false) {
    if (useEditor.getState().dirty && !(await get().save()))
      return { status: 'failed', error: { message: get().saveError ?? 'Not saved', problems: [] } };
    return useLive
      .getState()
      .startFromSavepoint(useEditor.getState().toDocument(), savepointId, allowNonRestoredState);
  },
  exportDocument() {
    const doc = useEditor.getState().toDocument();
    const blob = new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(doc.name);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
  restore(version) {
    useEditor.getState().load(version.document);
    // The editor's contract has no "load as unsaved": its dirty flag is set directly.
    useEditor.setState({ dirty: true });
  },
  reset() {
    set({ saving: false, saveError: null, savedVersion: null });
  },
}));
