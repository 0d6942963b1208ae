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
import { useChartTick, useLive } from '../store/live';
import { toRows } from '../store/live/ring';
import type { WidgetConfig } from '../store/live/shape';
import { axisWidth, formatValue, isEpochField, niceTicks, seriesColour } from '../monitor/series';
import { EmptySince, WidgetEmpty } from './WidgetEmpty';

/** `field` over (event) time, one series per `labelField` value, up to eight. */
export function LineWidget({ widget }: { widget: WidgetConfig }) {
  const tick = useChartTick('samplesTick');
  const line = useLive((s) => s.buffers?.lines.get(widget.nodeId));
  const labels = line?.labels ?? [];
  const rows = useMemo(() => (line ? toRows(line.ring, line.labels, 400) : []), [line, tick]);
  // Round ticks from the data's range: whole steps when every value is whole (a count), clock
  // times when the field holds epoch ms.
  const { ticks, format } = useMemo(() => {
    const values = rows
      .flatMap((r) => labels.map((l) => r[l]))
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const field = widget.field ?? '';
    const epoch = values.length > 0 && values.every((v) => isEpochField(field, v));
    const format = (v: number) => formatValue(epoch ? field : '', v);
    if (values.length === 0 || epoch) return { ticks: undefined, format };
    const integer = values.every((v) => Number.isInteger(v));
    return {
      ticks: niceTicks(Math.min(...values), Math.max(...values), 5, integer),
      format,
    };
  }, [rows, labels, widget.field]);
  if (!widget.field)
    return <WidgetEmpty>Set this sink’s “field” to the number to plot.</WidgetEmpty>;
  if (rows.length === 0)
    return (
      <EmptySince
        nothing={`No “${widget.field}” values`}
        waiting={`Waiting for “${widget.field}”…`}
      />
    );
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid {...gridProps} />
        <XAxis {...timeAxisProps} ticks={timeTicks(rows)} />
        <YAxis
          {...axisProps}
          width={axisWidth((ticks ?? [rows.at(-1)?.t ?? 0]).map(format))}
          ticks={ticks}
          domain={ticks ? [ticks[0]!, ticks.at(-1)!] : ['auto', 'auto']}
          allowDecimals={false}
          tickFormatter={format}
        />
        <Tooltip {...tooltipProps} formatter={(v) => format(Number(v))} />
        <Legend {...legendProps} />
        {labels.map((label) => (
          <Line
            key={label}
            dataKey={label}
            name={label}
            stroke={seriesColour(label)}
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
