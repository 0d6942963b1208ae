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
import { useLive } from '../store/live';
import { toRows } from '../store/live/ring';
import { colourAt, formatRate } from '../ui/liveFormat';
import { ChartCard } from './ChartCard';
import {
  axisProps,
  gridProps,
  legendProps,
  timeAxisProps,
  timeTicks,
  tooltipProps,
} from './chartStyle';

/** Records per second of every node over the last five minutes (out for sources and transforms, in for sinks). */
export function ThroughputChart() {
  const buffers = useLive((s) => s.buffers);
  const tick = useLive((s) => s.tick);
  const totalRate = useLive((s) => s.totalRate);
  const running = useLive((s) => s.runStatus === 'running');
  const keys = useMemo(
    () =>
      buffers ? [...new Set([...buffers.shape.nodeIds, ...buffers.throughput.values.keys()])] : [],
    [buffers, tick],
  );
  const rows = useMemo(
    () => (buffers ? toRows(buffers.throughput, keys) : []),
    [buffers, keys, tick],
  );
  return (
    <ChartCard
      title="Throughput (records/s)"
      testId="throughput-chart"
      aside={
        <span className="chart-value" data-testid="total-rate">
          {running ? `${formatRate(totalRate)} in` : 'ended'}
        </span>
      }
      empty={
        rows.length > 0
          ? null
          : running
            ? 'Waiting for the first figures…'
            : 'The run ended before its first figures.'
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid {...gridProps} />
          <XAxis {...timeAxisProps} ticks={timeTicks(rows)} />
          <YAxis
            {...axisProps}
            width={44}
            tickFormatter={(v: number) => formatRate(v).replace('/s', '')}
          />
          <Tooltip {...tooltipProps} formatter={(v) => formatRate(Number(v))} />
          <Legend {...legendProps} />
          {keys.map((key, i) => (
            <Line
              key={key}
              dataKey={key}
              stroke={colourAt(i)}
              dot={false}
              strokeWidth={1.6}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
