import { useLive } from '../store/live';
import { shortId } from './runOrigin';
import { useStudio } from './studioStore';

/**
 * A start from a savepoint refused because saved state does not fit this version (its nodes
 * show the problems too), with Flink's way out: start anyway, dropping that state.
 */
export function RestoreRefusal() {
  const refusal = useLive((s) => s.restoreRefusal);
  const busy = useLive((s) => s.busy);
  const dismiss = useLive((s) => s.dismissRestoreRefusal);
  const runFromSavepoint = useStudio((s) => s.runFromSavepoint);
  if (!refusal) return null;
  return (
    <div className="run-refusal" role="alert" data-testid="restore-refusal">
      <div className="run-refusal-head">
        {/* The engine's own message is its generic 422 one; the problems say what is wrong. */}
        <strong title={refusal.message}>
          Not started: savepoint {shortId(refusal.savepointId)} has state that does not fit this
          version
        </strong>
        <button className="icon-btn" aria-label="Dismiss" onClick={dismiss}>
          ×
        </button>
      </div>
      <ul>
        {/* The engine's messages name their node already. */}
        {refusal.problems.slice(0, 8).map((p, i) => (
          <li key={i}>{p.message}</li>
        ))}
        {refusal.problems.length > 8 && <li>… and {refusal.problems.length - 8} more</li>}
      </ul>
      <div className="run-refusal-actions">
        <button className="btn small" onClick={dismiss}>
          Cancel
        </button>
        <button
          className="btn small danger"
          data-testid="start-dropping-state"
          disabled={busy !== null}
          onClick={() => void runFromSavepoint(refusal.savepointId, true)}
          title={`Start from savepoint ${refusal.savepointId}; the nodes above start with empty state`}
        >
          {busy === 'starting' ? 'Starting…' : 'Start anyway, dropping that state'}
        </button>
      </div>
    </div>
  );
}
