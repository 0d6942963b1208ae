import { useEditor } from '../store/editor';
import { useLive } from '../store/live';
import { LiveDialog } from '../ui/LiveDialog';
import { useStudio } from './studioStore';

/**
 * A save refused because another tab or person saved a newer version meanwhile: take theirs,
 * put mine over it (theirs stays in the history), or keep mine as a new pipeline.
 */
export function ConflictDialog() {
  const conflict = useStudio((s) => s.conflict);
  const saving = useStudio((s) => s.saving);
  const saveError = useStudio((s) => s.saveError);
  const base = useLive((s) => s.version);
  const name = useEditor((s) => s.name);
  if (!conflict) return null;
  const { reloadTheirs, overwrite, saveAsCopy, dismissConflict } = useStudio.getState();
  const theirs = `v${conflict.latestVersion}`;
  return (
    <LiveDialog
      title="Someone else saved this pipeline"
      onClose={dismissConflict}
      testId="conflict-dialog"
      wide
      actions={
        <>
          <button
            className="btn"
            data-testid="conflict-reload"
            disabled={saving}
            onClick={() => void reloadTheirs()}
            title={`Load ${theirs} into the editor; your unsaved edits are dropped`}
          >
            Reload theirs
          </button>
          <button
            className="btn danger"
            data-testid="conflict-overwrite"
            disabled={saving}
            onClick={() => void overwrite()}
            title={`Save your version after ${theirs}; theirs stays in the history`}
          >
            Overwrite with mine
          </button>
          <button
            className="btn primary"
            data-testid="conflict-copy"
            disabled={saving}
            onClick={() => void saveAsCopy()}
            title={`Save your version as a new pipeline “${name} (copy)” and open it`}
          >
            Save as a copy
          </button>
        </>
      }
    >
      <p data-testid="conflict-text">
        You started from v{base ?? '?'}, and {theirs} was saved since (in another tab or by someone
        else). Your changes were not saved.
      </p>
      <ul className="conflict-choices muted small">
        <li>
          <b>Reload theirs</b>: open {theirs}; your edits are dropped.
        </li>
        <li>
          <b>Overwrite with mine</b>: your edits become the newest version; {theirs} stays in
          History.
        </li>
        <li>
          <b>Save as a copy</b>: your edits become a new pipeline; this one keeps {theirs}.
        </li>
      </ul>
      {saveError && !saveError.includes('saved elsewhere') && (
        <p className="error-text" role="alert">
          {saveError}
        </p>
      )}
    </LiveDialog>
  );
}
