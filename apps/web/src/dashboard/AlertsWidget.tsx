import { selectSamples, useLive } from '../store/live';
import type { WidgetConfig } from '../store/live/shape';
import { formatValue as formatCell } from '../monitor/series';
import { formatClock } from '../ui/liveFormat';
import { EmptySince } from './WidgetEmpty';

/** Fields an alert line names first, when the record has them. */
const HEADLINE = ['vehicleId', 'cardId', 'userId', 'category', 'id', 'key'];

/** Every record is an alert: newest first, with its time and its fields. */
export function AlertsWidget({ widget }: { widget: WidgetConfig }) {
  const rows = useLive(selectSamples(widget.nodeId));
  if (rows.length === 0) return <EmptySince nothing="No alerts" waiting="No alerts so far." />;
  return (
    <ol className="alert-feed">
      {rows.slice(0, 50).map((row) => {
        const headField = (widget.labelField ? [widget.labelField] : HEADLINE).find(
          (f) => f in row.record,
        );
        const fields = Object.entries(row.record)
          .filter(([k]) => k !== headField && k !== 'ts')
          .slice(0, 5);
        return (
          <li key={row.seq}>
            <time>{formatClock(row.t)}</time>
            <span className="alert-head">
              {headField ? formatCell(headField, row.record[headField]) : 'alert'}
            </span>
            {widget.field && widget.field in row.record && (
              <span className="alert-value">
                {formatCell(widget.field, row.record[widget.field])}
              </span>
            )}
            <span className="alert-fields">
              {fields.map(([k, v]) => (
                <span key={k}>
                  <em>{k}</em> {formatCell(k, v)}
                </span>
              ))}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
