import { formatProblem } from '@rivulet/shared-types';
import { useLive } from '../store/live';

/** Why the last start or stop was refused: the server's message and the validator's problems. */
export function RunRefusal() {
  const actionError = useLive((s) => s.actionError);
  const clearActionError = useLive((s) => s.clearActionError);
  if (!actionError) return null;
  return (
    <div className="run-refusal" role="alert" data-testid="run-refusal">
      <div className="run-refusal-head">
        <strong>{actionError.message}</strong>
        <button className="icon-btn" aria-label="Dismiss" onClick={clearActionError}>
          ×
        </button>
      </div>
      {actionError.problems.length > 0 && (
        <ul>
          {actionError.problems.slice(0, 8).map((p, i) => (
            <li key={i}>{formatProblem(p)}</li>
          ))}
          {actionError.problems.length > 8 && <li>… and {actionError.problems.length - 8} more</li>}
        </ul>
      )}
    </div>
  );
}
