import type { PipelineVersion } from '@rivulet/shared-types';
import { create } from 'zustand';
import { api } from '../api/client';
import { navigate } from '../router';
import { useEditor } from '../store/editor';
import { isLive, useLive } from '../store/live';
import { failureOf, type StartOutcome } from '../store/live/runActions';
import { exportFileName } from './importDocument';
import { shortId } from './runOrigin';
import { saveOnBase } from './saveRequest';

/** Saving, exporting and running the open pipeline: the studio header's actions. */
export interface StudioState {
  saving: boolean;
  saveError: string | null;
  /** The version the last save made, for "Saved v3". */
  savedVersion: number | null;
  /** A save refused because someone saved a newer version meanwhile: the dialog's question. */
  conflict: { latestVersion: number; message: string } | null;
  /** "Restart with changes" under way. */
  restarting: boolean;
  /** What the last restart did, in a sentence ("restarted v3 from savepoint 1a2b…"). */
  restartNote: string | null;
}

export interface StudioActions {
  /** Saves a new version on top of the one opened; a newer one saved elsewhere sets `conflict`. */
  save(): Promise<boolean>;
  /** The conflict's answers: their version into the editor, mine over theirs, or mine apart. */
  reloadTheirs(): Promise<void>;
  overwrite(): Promise<boolean>;
  saveAsCopy(): Promise<void>;
  dismissConflict(): void;
  /**
   * Saves, stops the run with a savepoint and starts the saved version from it (a plain start
   * when the engine took none). State that does not fit is refused and the user asked
   * (RestoreRefusal).
   */
  restartWithChanges(): Promise<void>;
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
  conflict: null,
  restarting: false,
  restartNote: null,
  save() {
    return saveOn(useLive.getState().version);
  },
  async reloadTheirs() {
    const { pipelineId } = useLive.getState();
    if (!pipelineId) return;
    try {
      const record = await api.getPipeline(pipelineId);
      useEditor.getState().load(record.document);
      useLive.getState().setVersion(record.version);
      set({ conflict: null, saveError: null, savedVersion: null });
    } catch (error) {
      set({ saveError: `Not reloaded: ${failureOf(error)?.message ?? 'failed'}` });
    }
  },
  overwrite() {
    const { conflict } = get();
    return saveOn(conflict ? conflict.latestVersion : useLive.getState().version);
  },
  async saveAsCopy() {
    const doc = useEditor.getState().toDocument();
    set({ saving: true, saveError: null });
    try {
      const record = await api.createPipeline({ ...doc, name: `${doc.name} (copy)` });
      // What was unsaved here now lives in the copy: leaving asks nothing.
      useEditor.getState().markSaved();
      set({ saving: false, conflict: null });
      navigate({ name: 'editor', pipelineId: record.id });
    } catch (error) {
      set({ saving: false, saveError: `Copy not saved: ${failureOf(error)?.message ?? 'failed'}` });
    }
  },
  dismissConflict() {
    set({ conflict: null });
  },
  async restartWithChanges() {
    if (get().restarting) return;
    if (useEditor.getState().dirty && !(await get().save())) return;
    set({ restarting: true, restartNote: null });
    const live = useLive.getState();
    await live.stopWithSavepoint();
    const stopped = useLive.getState();
    if (isLive(stopped.runStatus)) {
      // The stop was refused: the run controls say why; the run goes on as it was.
      set({ restarting: false });
      return;
    }
    const doc = useEditor.getState().toDocument();
    const version = stopped.version === null ? 'the saved version' : `v${stopped.version}`;
    const savepointId = stopped.origin.savepointId;
    if (savepointId) {
      const outcome = await get().runFromSavepoint(savepointId);
      set({
        restarting: false,
        restartNote:
          outcome?.status === 'started'
            ? `Restarted ${version} from savepoint ${shortId(savepointId)}`
            : outcome?.status === 'refused'
              ? `Stopped with savepoint ${shortId(savepointId)}; ${version} did not start: its saved state does not fit every node`
              : `Stopped with savepoint ${shortId(savepointId)}; ${version} did not start`,
      });
      return;
    }
    const started = await live.startRun(doc);
    set({
      restarting: false,
      restartNote: started
        ? `Restarted ${version} with empty state (the engine took no savepoint)`
        : `Stopped; ${version} did not start`,
    });
  },
  async run() {
    set({ restartNote: null });
    if (useEditor.getState().dirty && !(await get().save())) return;
    await useLive.getState().startRun(useEditor.getState().toDocument());
  },
  async runFromSavepoint(savepointId, allowNonRestoredState = false) {
    set({ restartNote: null });
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
    set({
      saving: false,
      saveError: null,
      savedVersion: null,
      conflict: null,
      restarting: false,
      restartNote: null,
    });
  },
}));

/** Saves the editor's document as the version after `baseVersion` (null: unconditionally). */
async function saveOn(baseVersion: number | null): Promise<boolean> {
  const { pipelineId } = useLive.getState();
  if (!pipelineId || useStudio.getState().saving) return false;
  useStudio.setState({ saving: true, saveError: null });
  const doc = useEditor.getState().toDocument();
  try {
    const outcome = await saveOnBase(pipelineId, doc, baseVersion);
    if (!outcome.ok) {
      useStudio.setState({
        saving: false,
        saveError: `Not saved: v${outcome.latestVersion} was saved elsewhere`,
        conflict: { latestVersion: outcome.latestVersion, message: outcome.message },
      });
      return false;
    }
    useEditor.getState().markSaved();
    useLive.getState().setVersion(outcome.record.version);
    useStudio.setState({
      saving: false,
      savedVersion: outcome.record.version,
      conflict: null,
    });
    return true;
  } catch (error) {
    useStudio.setState({
      saving: false,
      saveError: `Not saved: ${failureOf(error)?.message ?? 'failed'}`,
    });
    return false;
  }
}
