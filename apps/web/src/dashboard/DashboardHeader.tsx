import { navigate } from '../router';
import { RunStatusChip } from '../pipelines/RunStatusChip';
import { useLive } from '../store/live';
import { StopButton } from '../pipelines/StopButton';
import { formatRate, plural } from '../ui/liveFormat';

/** Name, run status, total throughput, Run/Stop, and the way back to the studio. */
export function DashboardHeader({ pipelineId }: { pipelineId: string }) {
  const name = useLive((s) => s.doc?.name ?? '');
  const status = useLive((s) => s.runStatus);
  const runError = useLive((s) => s.runError);
  const totalRate = useLive((s) => s.totalRate);
  const busy = useLive((s) => s.busy);
  const doc = useLive((s) => s.doc);
  const actionError = useLive((s) => s.actionError);
  const startRun = useLive((s) => s.startRun);
  const running = status === 'running';

  return (
    <header className="dashboard-header">
      <a
        className="btn ghost"
        href={`/p/${pipelineId}`}
        onClick={(e) => {
          e.preventDefault();
          navigate({ name: 'editor', pipelineId });
        }}
      >
        ← Studio
      </a>
      <h1 data-testid="dashboard-title">{name || 'Dashboard'}</h1>
      <RunStatusChip
        status={status}
        testId="run-status"
        detail={
          status === 'failed' && runError
            ? `${runError.nodeId ? `node "${runError.nodeId}": ` : ''}${runError.message}`
            : undefined
        }
      />
      <div className="header-spacer" />
      {actionError && (
        <span
          className="error-text small"
          role="alert"
          title={actionError.problems.map((p) => p.message).join('\n')}
        >
          {actionError.message}
          {actionError.problems.length > 0 &&
            ` (${plural(actionError.problems.length, 'problem')}: fix ${actionError.problems.length === 1 ? 'it' : 'them'} in the studio)`}
        </span>
      )}
      <div className="dashboard-rate" data-testid="total-rate">
        <span className="rate-value">{running ? formatRate(totalRate) : '—'}</span>
        <span className="rate-label">records in</span>
      </div>
      {running ? (
        <StopButton />
      ) : (
        <button
          className="btn primary"
          data-testid="run"
          disabled={!doc || busy !== null}
          onClick={() => doc && void startRun(doc)}
          title="Runs the saved version of the pipeline"
        >
          <span className="play-icon" aria-hidden />
          {busy === 'starting' ? 'Starting…' : 'Run'}
        </button>
      )}
    </header>
  );
}
