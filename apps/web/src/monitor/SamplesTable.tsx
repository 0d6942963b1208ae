import { useMemo } from 'react';
import { useInspectRows } from '../inspect/useInspectRows';
import { selectPaused, selectSamples, useChartTick, useLive } from '../store/live';
import { columnsOf } from '../ui/liveFormat';
import { formatValue } from './series';

/** A sink's latest output records, newest first; pausing freezes what it shows. */
export function SamplesTable({ nodeId, compact = false }: { nodeId: string; compact?: boolean }) {
  const paused = useLive(selectPaused(nodeId));
  // Read at most twice a second (samples come up to 20 a second per sink), and at once when
  // paused or resumed.
  const tick = useChartTick('samplesTick');
  const rows = useMemo(
    () => selectSamples(nodeId)(useLive.getState()),
    // tick and paused say when to read the store again.
    [nodeId, tick, paused],
  );
  const pauseSamples = useLive((s) => s.pauseSamples);
  const inspect = useInspectRows(nodeId);
  const columns = useMemo(
    () =>
      columnsOf(
        rows.map((r) => r.record),
        compact ? 6 : 10,
      ),
    [rows, compact],
  );

  return (
    <div className="samples" data-testid={`samples-table-${nodeId}`} data-rows={rows.length}>
      <div className="samples-head">
        <code className="samples-node">{nodeId}</code>
        <span className="muted small">
          {rows.length === 0 ? 'no records yet' : `${rows.length} latest`}
        </span>
        <button
          className={`btn small${paused ? ' primary' : ''}`}
          data-testid={`samples-pause-${nodeId}`}
          onClick={() => pauseSamples(nodeId, !paused)}
        >
          {paused ? '▶ Resume' : '❚❚ Pause'}
        </button>
      </div>
      <div className="samples-scroll">
        {rows.length === 0 ? (
          <div className="chart-empty">Records reaching this sink show here.</div>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.seq} {...inspect.row(row.record)}>
                  {columns.map((c) => (
                    <td key={c}>{formatValue(c, row.record[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {inspect.dialog}
    </div>
  );
}
