import { useMemo } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useChartTick, useLive } from '../store/live';
import { toRows } from '../store/live/ring';
import { formatMs } from '../ui/liveFormat';
import { ChartCard } from './ChartCard';
import { axisProps, gridProps, timeAxisProps, timeTicks, tooltipProps } from './chartStyle';
import { axisWidth, durationTicks, maxOf, niceTicks, seriesColour } from './series';

/** How far event time at each sink trails the wall clock. */
export function WatermarkLagChart() {
  const buffers = useLive((s) => s.buffers);
  const tick = useChartTick('tick');
  const sinks = useMemo(() => buffers?.shape.sinks ?? [], [buffers]);
  const rows = useMemo(
    () => (buffers ? toRows(buffers.lag, sinks, 200) : []),
    [buffers, sinks, tick],
  );
  const ticks = useMemo(() => niceTicks(0, maxOf(rows, sinks), 4), [rows, sinks]);
  const hasValue = rows.some((r) => sinks.some((s) => r[s] !== null));
  return (
    <ChartCard
      title="Watermark lag"
      testId="watermark-lag-chart"
      empty={!hasValue ? 'No watermark yet' : null}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis {...timeAxisProps} ticks={timeTicks(rows)} hide />
          <YAxis
            {...axisProps}
            width={axisWidth(ticks.map(durationTicks(ticks)))}
            ticks={ticks}
            domain={[0, ticks.at(-1) ?? 'auto']}
            tickFormatter={durationTicks(ticks)}
          />
          <Tooltip {...tooltipProps} formatter={(v) => formatMs(Number(v))} />
          {sinks.map((key) => (
            <Area
              key={key}
              dataKey={key}
              stroke={seriesColour(key)}
              fill={seriesColour(key)}
              fillOpacity={0.12}
              strokeWidth={1.4}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
