import { useEffect, useState } from 'react';
import { setNavigationGuard } from '../router';
import { useEditor } from '../store/editor';
import { LiveDialog } from '../ui/LiveDialog';
import { useStudio } from './studioStore';

/**
 * Leaving the studio with unsaved edits asks first: in the app (back to the pipelines, the
 * dashboard, the browser's Back) with a dialog that can save; closing or reloading the tab with
 * the browser's own question (beforeunload shows no page content).
 */
export function LeaveGuard() {
  const dirty = useEditor((s) => s.dirty);
  const saving = useStudio((s) => s.saving);
  const saveError = useStudio((s) => s.saveError);
  const [pending, setPending] = useState<{ proceed: () => void } | null>(null);

  useEffect(() => {
    setNavigationGuard((proceed) => {
      if (!useEditor.getState().dirty) return true;
      setPending({ proceed });
      return false;
    });
    return () => setNavigationGuard(null);
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  if (!pending) return null;
  const stay = () => setPending(null);
  const leave = () => {
    setPending(null);
    pending.proceed();
  };
  const saveAndLeave = async () => {
    // A refused save (a conflict, an unreachable engine) keeps the user here, told why.
    if (await useStudio.getState().save()) leave();
  };
  return (
    <LiveDialog
      title="Leave with unsaved changes?"
      onClose={stay}
      testId="leave-dialog"
      actions={
        <>
          <button className="btn" data-testid="leave-stay" onClick={stay} autoFocus>
            Stay
          </button>
          <button className="btn danger" data-testid="leave-discard" onClick={leave}>
            Discard changes and leave
          </button>
          <button
            className="btn primary"
            data-testid="leave-save"
            disabled={saving}
            onClick={() => void saveAndLeave()}
          >
            {saving ? 'Saving…' : 'Save and leave'}
          </button>
        </>
      }
    >
      <p>The edits made since the last save are only in this page: leaving loses them.</p>
      {saveError && (
        <p className="error-text" role="alert" data-testid="leave-save-error">
          {saveError}
        </p>
      )}
    </LiveDialog>
  );
}
