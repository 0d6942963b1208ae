import type { RunSummary } from '@rivulet/shared-types';
import { failureReason } from '../pipelines/failureText';
import { RunStatusChip } from '../pipelines/RunStatusChip';
import { formatCount } from '../ui/liveFormat';
import { figuresOf, formatDuration, runDuration } from './runFormat';

export const KEPT_RUNS_NOTE =
  'The server keeps the telemetry and log of running runs and of the last 20 that ended, in memory: this run’s are no longer kept (or the server restarted since).';

/** Figures shown per run in the list: the first nodes, the rest counted. */
const NODES_SHOWN = 3;

/** A pipeline's runs, newest first: pick one to see its log and charts. */
export function RunList({
  runs,
  selected,
  onSelect,
}: {
  runs: readonly RunSummary[];
  selected: string | null;
  onSelect: (runId: string) => void;
}) {
  if (runs.length === 0)
    return <p className="muted">This pipeline has not run yet: start it from the studio.</p>;
  return (
    <table className="pipeline-table run-table" data-testid="run-list">
      <thead>
        <tr>
          <th>Status</th>
          <th>Version</th>
          <th>Started</th>
          <th>Duration</th>
          <th>Records (final, per node)</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const figures = figuresOf(run.metrics, undefined);
          return (
            <tr
              key={run.id}
              className={`run-row${run.id === selected ? ' selected' : ''}`}
              data-testid="run-row"
              data-run-id={run.id}
              data-status={run.status}
              onClick={() => onSelect(run.id)}
            >
              <td>
                <RunStatusChip status={run.status} />
              </td>
              <td className="num">v{run.pipelineVersion}</td>
              <td title={new Date(run.startedAt).toLocaleString('en-GB')}>
                <button className="link" onClick={() => onSelect(run.id)}>
                  {new Date(run.startedAt).toLocaleString('en-GB', {
                    dateStyle: 'short',
                    timeStyle: 'medium',
                  })}
                </button>
              </td>
              <td className="num">{formatDuration(runDuration(run))}</td>
              <td>
                {figures.length === 0 ? (
                  <span className="muted">{run.metrics ? '—' : 'running'}</span>
                ) : (
                  <div className="run-figures-list">
                    {figures.slice(0, NODES_SHOWN).map((f) => (
                      <span key={f.nodeId} className="run-figure">
                        <em>{f.nodeId}</em> {formatCount(Math.max(f.recordsIn, f.recordsOut))}
                      </span>
                    ))}
                    {figures.length > NODES_SHOWN && (
                      <span className="muted">+{figures.length - NODES_SHOWN} more</span>
                    )}
                  </div>
                )}
              </td>
              <td className="run-error-cell" title={run.error?.message}>
                {run.error ? (
                  <span className="error-text">
                    {run.error.nodeId ? `at “${run.error.nodeId}”: ` : ''}
                    {failureReason(run.error)}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
