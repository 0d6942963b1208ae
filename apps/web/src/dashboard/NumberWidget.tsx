import { useLive } from '../store/live';
import type { WidgetConfig } from '../store/live/shape';
import { formatValue } from '../monitor/series';
import { formatClock, formatNumber } from '../ui/liveFormat';
import { EmptySince, WidgetEmpty } from './WidgetEmpty';

/** The latest value of `field`, big, with its change since the previous one. */
export function NumberWidget({ widget }: { widget: WidgetConfig }) {
  useLive((s) => s.samplesTick);
  const state = useLive((s) => s.buffers?.numbers.get(widget.nodeId));
  if (!widget.field)
    return <WidgetEmpty>Set this sink’s “field” to the number to show.</WidgetEmpty>;
  if (!state || state.value === null)
    return (
      <EmptySince
        nothing={`No “${widget.field}” value`}
        waiting={`Waiting for “${widget.field}”…`}
      />
    );
  const delta = state.previous === null ? null : state.value - state.previous;
  return (
    <div className="big-number">
      <span className="big-value">{formatValue(widget.field, state.value)}</span>
      <span className="big-field">{widget.field}</span>
      {delta !== null && delta !== 0 && (
        <span className={`big-delta ${delta > 0 ? 'up' : 'down'}`}>
          {delta > 0 ? '▲' : '▼'} {formatNumber(Math.abs(delta))}
        </span>
      )}
      {state.t !== null && <span className="big-time">at {formatClock(state.t)}</span>}
    </div>
  );
}
