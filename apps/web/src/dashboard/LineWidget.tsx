import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  axisProps,
  gridProps,
  legendProps,
  timeAxisProps,
  timeTicks,
  tooltipProps,
} from '../monitor/chartStyle';
import { useLive } from '../store/live';
import { toRows } from '../store/live/ring';
import type { WidgetConfig } from '../store/live/shape';
import { colourAt, formatNumber } from '../ui/liveFormat';
import { WidgetEmpty } from './WidgetEmpty';

/** `field` over (event) time, one series per `labelField` value, up to eight. */
export function LineWidget({ widget }: { widget: WidgetConfig }) {
  const tick = useLive((s) => s.samplesTick);
  const line = useLive((s) => s.buffers?.lines.get(widget.nodeId));
  const labels = line?.labels ?? [];
  const rows = useMemo(() => (line ? toRows(line.ring, line.labels, 400) : []), [line, tick]);
  if (!widget.field)
    return <WidgetEmpty>Set this sink’s “field” to the number to plot.</WidgetEmpty>;
  if (rows.length === 0) return <WidgetEmpty>Waiting for “{widget.field}”…</WidgetEmpty>;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid {...gridProps} />
        <XAxis {...timeAxisProps} ticks={timeTicks(rows)} />
        <YAxis
          {...axisProps}
          width={48}
          domain={['auto', 'auto']}
          tickFormatter={(v: number) => formatNumber(v)}
        />
        <Tooltip {...tooltipProps} formatter={(v) => formatNumber(Number(v))} />
        <Legend {...legendProps} />
        {labels.map((label, i) => (
          <Line
            key={label}
            dataKey={label}
            name={label}
            stroke={colourAt(i)}
            strokeWidth={2}
            dot={rows.length < 40 ? { r: 2 } : false}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
