import { useState } from 'react';
import type { PipelineSummary } from '@rivulet/shared-types';
import { LiveDialog } from '../ui/LiveDialog';
import { usePipelineList } from './listStore';
import { PipelineRow } from './PipelineRow';

/** The saved pipelines, newest first, with their loading, error and empty states. */
export function PipelineList() {
  const status = usePipelineList((s) => s.status);
  const items = usePipelineList((s) => s.items);
  const error = usePipelineList((s) => s.error);
  const load = usePipelineList((s) => s.load);
  const remove = usePipelineList((s) => s.remove);
  const [deleting, setDeleting] = useState<PipelineSummary | null>(null);

  return (
    <section className="home-section">
      <div className="section-title">
        <h2>Pipelines</h2>
        {status === 'ready' && items.length > 0 && <p>{items.length} saved</p>}
      </div>
      {status === 'loading' && <div className="list-state">Loading pipelines…</div>}
      {status === 'error' && (
        <div className="list-state error">
          <p>{error}</p>
          <button className="btn" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {status === 'ready' && items.length === 0 && (
        <div className="list-state empty" data-testid="pipelines-empty">
          <strong>No pipelines yet — start from a template</strong>
          <p>or create an empty one with “New pipeline” and drag operators onto the canvas.</p>
        </div>
      )}
      {status === 'ready' && items.length > 0 && (
        <table className="pipeline-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Version</th>
              <th>Nodes</th>
              <th>Last run</th>
              <th>Updated</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <PipelineRow key={p.id} pipeline={p} onDelete={() => setDeleting(p)} />
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <LiveDialog
          title="Delete pipeline?"
          testId="confirm-delete-dialog"
          onClose={() => setDeleting(null)}
          actions={
            <>
              <button className="btn" onClick={() => setDeleting(null)}>
                Cancel
              </button>
              <button
                className="btn danger"
                data-testid="confirm-delete"
                onClick={() => {
                  void remove(deleting.id);
                  setDeleting(null);
                }}
              >
                Delete
              </button>
            </>
          }
        >
          <p>
            “{deleting.name}” and its {deleting.version} version{deleting.version === 1 ? '' : 's'}{' '}
            will be deleted, with its runs
            {deleting.lastRun?.status === 'running' ? ' (the running one is stopped)' : ''}. This
            cannot be undone.
          </p>
        </LiveDialog>
      )}
    </section>
  );
}
