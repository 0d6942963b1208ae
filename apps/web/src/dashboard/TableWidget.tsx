import { useMemo } from 'react';
import { useInspectRows } from '../inspect/useInspectRows';
import { selectSamples, useLive } from '../store/live';
import type { WidgetConfig } from '../store/live/shape';
import { formatValue } from '../monitor/series';
import { columnsOf } from '../ui/liveFormat';
import { EmptySince } from './WidgetEmpty';

/** The sink's most recent records, newest first. */
export function TableWidget({ widget }: { widget: WidgetConfig }) {
  const rows = useLive(selectSamples(widget.nodeId));
  const inspect = useInspectRows(widget.nodeId);
  const columns = useMemo(
    () =>
      columnsOf(
        rows.map((r) => r.record),
        8,
      ),
    [rows],
  );
  if (rows.length === 0) return <EmptySince nothing="No records" waiting="Waiting for records…" />;
  return (
    <div className="widget-scroll">
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
      {inspect.dialog}
    </div>
  );
}
