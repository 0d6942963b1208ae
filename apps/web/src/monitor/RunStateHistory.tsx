import { recoveryText, restoredLines, shortId, type RunOrigin } from '../pipelines/runOrigin';

/** Where the run's state came from and went: a savepoint, recoveries, the savepoint its stop took. */
export function RunStateHistory({ origin }: { origin: RunOrigin }) {
  const { restored, recoveries, savepointId } = origin;
  const fresh = !restored && recoveries.length === 0 && !savepointId;
  return (
    <div className="chart-card checkpoint-card" data-testid="run-state-history">
      <div className="chart-card-head">
        <span className="chart-title">Restores and savepoints</span>
      </div>
      {fresh ? (
        <div className="chart-empty">Started with empty state; not restored since.</div>
      ) : (
        <ul className="state-history">
          {restored && (
            <li data-testid="run-restored" title={`savepoint ${restored.savepointId}`}>
              {restoredLines(restored).map((line, i) => (
                <span key={i} className={i === 0 ? undefined : 'muted'}>
                  {line}
                </span>
              ))}
            </li>
          )}
          {recoveries.map((r, i) => (
            <li key={i} data-testid="run-recovery">
              {recoveryText(r)}
            </li>
          ))}
          {savepointId && (
            <li data-testid="run-savepoint">
              stopped with savepoint <code title={savepointId}>{shortId(savepointId)}</code>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
