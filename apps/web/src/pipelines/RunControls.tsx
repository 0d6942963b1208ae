import { formatProblem } from '@rivulet/shared-types';
import { navigate } from '../router';
import { useEditor } from '../store/editor';
import { isLive, useLive } from '../store/live';
import { RunStatusChip } from './RunStatusChip';
import { useStudio } from './studioStore';

/** Run status, Run/Stop, why Run is disabled or was refused, and the dashboard link. */
export function RunControls() {
  const problems = useEditor((s) => s.problems);
  const pipelineId = useLive((s) => s.pipelineId);
  const status = useLive((s) => s.runStatus);
  const runError = useLive((s) => s.runError);
  const busy = useLive((s) => s.busy);
  const actionError = useLive((s) => s.actionError);
  const clearActionError = useLive((s) => s.clearActionError);
  const stopRun = useLive((s) => s.stopRun);
  const run = useStudio((s) => s.run);

  const running = isLive(status);
  const blocked = problems.length > 0;
  const reason = blocked
    ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: fix ${problems.length === 1 ? 'it' : 'them'} to run`
    : null;
  const failure = runError
    ? `${runError.nodeId ? `node "${runError.nodeId}": ` : ''}${runError.message}`
    : undefined;

  return (
    <div className="run-controls">
      {status !== 'idle' && (
        <RunStatusChip
          status={status}
          detail={status === 'failed' ? failure : undefined}
          testId="run-status"
        />
      )}
      {reason && !running && (
        <span
          className="run-disabled-reason"
          data-testid="run-disabled-reason"
          title={problems.map(formatProblem).join('\n')}
        >
          {reason}
        </span>
      )}
      {running ? (
        <button
          className="btn danger"
          data-testid="stop"
          disabled={busy !== null}
          onClick={() => void stopRun()}
        >
          <span className="stop-icon" aria-hidden />
          {busy === 'stopping' ? 'Stopping…' : 'Stop'}
        </button>
      ) : (
        <button
          className="btn primary"
          data-testid="run"
          disabled={!pipelineId || blocked || busy !== null}
          title={
            reason
              ? `${reason}\n${problems.map(formatProblem).join('\n')}`
              : 'Save if needed, then run'
          }
          onClick={() => void run()}
        >
          <span className="play-icon" aria-hidden />
          {busy === 'starting' ? 'Starting…' : 'Run'}
        </button>
      )}
      <a
        className="btn ghost"
        data-testid="open-dashboard"
        href={pipelineId ? `/p/${pipelineId}/dashboard` : undefined}
        onClick={(e) => {
          if (!pipelineId || e.ctrlKey || e.metaKey || e.shiftKey) return;
          e.preventDefault();
          navigate({ name: 'dashboard', pipelineId });
        }}
        title="The full-screen dashboard of this pipeline's dashboard sinks"
      >
        Dashboard ↗
      </a>
      {actionError && (
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
              {actionError.problems.length > 8 && (
                <li>… and {actionError.problems.length - 8} more</li>
              )}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
