import { useMemo } from 'react';
import type { RunSummary } from '@rivulet/shared-types';
import { failureReason } from '../pipelines/failureText';
import { RunStatusChip } from '../pipelines/RunStatusChip';
import { createRunBuffers } from '../store/live/buffers';
import { replayHistory } from '../store/live/history';
import { shapeOf } from '../store/live/shape';
import { formatCount, formatHourMinute } from '../ui/liveFormat';
import { HistoryChart } from './HistoryChart';
import { KEPT_RUNS_NOTE } from './RunList';
import { RunLog } from './RunLog';
import { figuresOf, formatDuration, runDuration } from './runFormat';
import { useRunHistory } from './useRunHistory';

/** One run: how it went (status, error, log), its kept charts and each node's figures. */
export function RunDetail({ run }: { run: RunSummary }) {
  const { history, doc, error } = useRunHistory(run);
  const buffers = useMemo(() => {
    if (!history) return null;
    const b = createRunBuffers(shapeOf(doc));
    replayHistory(b, history);
    return b;
  }, [history, doc]);
  const nodeKeys = useMemo(
    () =>
      buffers ? [...new Set([...buffers.shape.nodeIds, ...buffers.throughput.values.keys()])] : [],
    [buffers],
  );
  const figures = figuresOf(run.metrics, history?.telemetry.at(-1));

  return (
    <section className="run-detail" data-testid="run-detail" data-run-id={run.id}>
      <header className="run-detail-head">
        <h2>
          Run of version {run.pipelineVersion}, started{' '}
          {new Date(run.startedAt).toLocaleString('en-GB')}
        </h2>
        <RunStatusChip status={run.status} testId="run-detail-status" />
        <span className="muted">
          {run.finishedAt ? 'ran' : 'running for'} {formatDuration(runDuration(run))}
        </span>
      </header>

      {run.error && (
        <div className="banner error run-error" role="alert" data-testid="run-error">
          <span>
            <strong>Failed{run.error.nodeId ? ` in node “${run.error.nodeId}”` : ''}:</strong>{' '}
            {failureReason(run.error)}
          </span>
        </div>
      )}
      {error && <p className="error-text">{error}</p>}

      <div className="run-detail-grid">
        <div className="run-detail-block">
          <h3>Log</h3>
          {history ? (
            history.kept ? (
              <RunLog log={history.log} />
            ) : (
              <p className="muted" data-testid="history-not-kept">
                {KEPT_RUNS_NOTE}
              </p>
            )
          ) : (
            !error && <p className="muted">Loading…</p>
          )}
        </div>
        <div className="run-detail-block">
          <h3>Figures per node{run.metrics ? '' : ' (latest)'}</h3>
          {figures.length === 0 ? (
            <p className="muted">No figures.</p>
          ) : (
            <table className="data-table run-figures" data-testid="run-figures">
              <thead>
                <tr>
                  <th>node</th>
                  <th className="num">in</th>
                  <th className="num">out</th>
                  <th className="num">dead letters</th>
                  <th className="num">late</th>
                </tr>
              </thead>
              <tbody>
                {figures.map((f) => (
                  <tr key={f.nodeId}>
                    <td>{f.nodeId}</td>
                    <td className="num">{formatCount(f.recordsIn)}</td>
                    <td className="num">{formatCount(f.recordsOut)}</td>
                    <td className="num">{formatCount(f.deadLetters)}</td>
                    <td className="num">{formatCount(f.lateRecords)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>

      {buffers && history?.kept && (
        <>
          <p className="muted run-kept-note">
            Kept telemetry since {formatHourMinute(history.since)}: a point a second for the last 2
            minutes, one per 10 s before that (up to 15 minutes).
          </p>
          <div className="run-charts">
            <HistoryChart
              title="Throughput"
              unit="records/s"
              ring={buffers.throughput}
              keys={nodeKeys}
              testId="run-throughput-chart"
            />
            <HistoryChart
              title="Late records and dead letters"
              unit="total"
              ring={buffers.counts}
              keys={COUNT_KEYS}
              testId="run-counts-chart"
            />
          </div>
        </>
      )}
    </section>
  );
}

const COUNT_KEYS = ['late', 'dead'];
