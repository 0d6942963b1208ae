import type { SavepointSummary } from '@rivulet/shared-types';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useEditor } from '../store/editor';
import { useLive } from '../store/live';
import { failureOf } from '../store/live/runActions';
import { LiveDialog } from '../ui/LiveDialog';
import { SavepointRow } from './SavepointRow';
import { useStudio } from './studioStore';

/** The pipeline's savepoints, newest first: start a run from one, or delete it. */
export function SavepointsDialog({
  pipelineId,
  onClose,
}: {
  pipelineId: string;
  onClose: () => void;
}) {
  const version = useLive((s) => s.version);
  const blocked = useEditor((s) => s.problems.length > 0);
  const runFromSavepoint = useStudio((s) => s.runFromSavepoint);
  const [savepoints, setSavepoints] = useState<SavepointSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.listSavepoints(pipelineId).then(
      (list) => !cancelled && setSavepoints(list),
      (e: unknown) =>
        !cancelled && setError(`Savepoints not loaded: ${failureOf(e)?.message ?? 'failed'}`),
    );
    return () => {
      cancelled = true;
    };
  }, [pipelineId]);

  const start = async (id: string) => {
    setPending(id);
    setError(null);
    // However it ends, the run controls say how: running, or why not.
    const outcome = await runFromSavepoint(id);
    setPending(null);
    if (outcome) onClose();
  };

  const remove = async (id: string) => {
    setPending(id);
    setError(null);
    try {
      await api.deleteSavepoint(id);
      setSavepoints((list) => list?.filter((s) => s.id !== id) ?? null);
    } catch (e) {
      setError(`Savepoint not deleted: ${failureOf(e)?.message ?? 'failed'}`);
    }
    setPending(null);
  };

  return (
    <LiveDialog
      title="Start from a savepoint"
      onClose={onClose}
      wide
      testId="savepoints-dialog"
      actions={
        <button className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      {error && (
        <p className="error-text" role="alert" data-testid="savepoints-error">
          {error}
        </p>
      )}
      {!savepoints && !error && <p className="muted">Loading savepoints…</p>}
      {savepoints?.length === 0 && (
        <div className="savepoints-empty" data-testid="savepoints-empty">
          <strong>No savepoints of this pipeline yet</strong>
          <p className="muted">
            Stop a running pipeline with “Stop with savepoint” to keep its state; a later run starts
            from it, even after you edit the pipeline.
          </p>
        </div>
      )}
      {savepoints && savepoints.length > 0 && (
        <>
          <p className="muted small savepoints-hint">
            A run starts the current version{version === null ? '' : ` (v${version})`} with the
            savepoint’s state. State that no longer fits a node is refused, and you can choose to
            drop it.
            {blocked && (
              <span className="error-text"> Fix the pipeline’s problems to start a run.</span>
            )}
          </p>
          <table className="data-table savepoints-table">
            <thead>
              <tr>
                <th>Savepoint</th>
                <th>Version</th>
                <th>Taken</th>
                <th>Size</th>
                <th>From run</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {savepoints.map((s) => (
                <SavepointRow
                  key={s.id}
                  savepoint={s}
                  current={version}
                  pending={pending === s.id}
                  canStart={!blocked && pending === null}
                  onStart={() => void start(s.id)}
                  onDelete={() => void remove(s.id)}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </LiveDialog>
  );
}
