import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { axisProps, gridProps, tooltipProps } from '../monitor/chartStyle';
import { useChartTick, useLive } from '../store/live';
import { topBars } from '../store/live/buffers';
import type { WidgetConfig } from '../store/live/shape';
import { axisWidth, niceTicks, seriesColour } from '../monitor/series';
import { formatNumber } from '../ui/liveFormat';

/** A bar's name cut to fit its axis; the tooltip shows it whole. */
const shortLabel = (l: string) => (l.length > 22 ? `${l.slice(0, 21)}…` : l);
import { EmptySince, WidgetEmpty } from './WidgetEmpty';

/** The top `labelField` values: by their latest `field` when both are set, else by count. */
export function BarWidget({ widget }: { widget: WidgetConfig }) {
  const tick = useChartTick('samplesTick');
  const bar = useLive((s) => s.buffers?.bars.get(widget.nodeId));
  const byValue = widget.field !== undefined && widget.labelField !== undefined;
  const data = useMemo(() => topBars(bar, byValue, 10), [bar, byValue, tick]);
  const max = data.reduce((m, d) => Math.max(m, d.value), 0);
  const integer = data.every((d) => Number.isInteger(d.value));
  const ticks = niceTicks(0, max, 5, integer);
  if (!widget.labelField && !widget.field)
    return <WidgetEmpty>Set this sink’s “labelField” to the field to count.</WidgetEmpty>;
  if (data.length === 0) return <EmptySince nothing="No records" waiting="Waiting for records…" />;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 0, left: 8 }}>
        <CartesianGrid {...gridProps} horizontal={false} vertical />
        <XAxis
          {...axisProps}
          type="number"
          ticks={ticks}
          domain={[0, ticks.at(-1)!]}
          allowDecimals={!integer}
          tickFormatter={(v: number) => formatNumber(v)}
        />
        <YAxis
          {...axisProps}
          type="category"
          dataKey="label"
          width={Math.min(
            160,
            axisWidth(
              data.map((d) => shortLabel(d.label)),
              10,
            ),
          )}
          interval={0}
          tickFormatter={shortLabel}
        />
        <Tooltip
          {...tooltipProps}
          labelFormatter={(l) => String(l)}
          formatter={(v) => [formatNumber(Number(v)), byValue ? widget.field : 'records']}
          cursor={{ fill: 'rgba(255,255,255,0.04)' }}
        />
        <Bar dataKey="value" isAnimationActive={false} radius={[0, 4, 4, 0]}>
          {data.map((d) => (
            <Cell key={d.label} fill={seriesColour(d.label)} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
