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
import { useChartTick, useLive } from '../store/live';
import { lastValue, toRows } from '../store/live/ring';
import { formatRate } from '../ui/liveFormat';
import { ChartCard } from './ChartCard';
import {
  axisProps,
  gridProps,
  legendProps,
  timeAxisProps,
  timeTicks,
  tooltipProps,
} from './chartStyle';
import { OTHERS, axisWidth, foldOthers, maxOf, niceTicks, seriesColour, topSeries } from './series';

const rateTick = (v: number) => formatRate(v).replace('/s', '');

/** The records a second coming in, updated with every message: apart, so the chart is not redrawn. */
function TotalRate({ running }: { running: boolean }) {
  const totalRate = useLive((s) => s.totalRate);
  return (
    <span className="chart-value" data-testid="total-rate">
      {running ? `${formatRate(totalRate)} in` : 'ended'}
    </span>
  );
}

/** Records per second of every node over the last five minutes (out for sources and transforms, in for sinks). */
export function ThroughputChart() {
  const buffers = useLive((s) => s.buffers);
  const tick = useChartTick('tick');
  const running = useLive((s) => s.runStatus === 'running');
  const keys = useMemo(
    () =>
      buffers ? [...new Set([...buffers.shape.nodeIds, ...buffers.throughput.values.keys()])] : [],
    [buffers, tick],
  );
  // The eight busiest nodes by name, the rest summed as "others": a legend, not a wall of names.
  const { rows, series, ticks } = useMemo(() => {
    if (!buffers) return { rows: [], series: [], ticks: [0] };
    const { shown, others } = topSeries(keys, (k) => lastValue(buffers.throughput, k));
    const folded = foldOthers(toRows(buffers.throughput, keys), shown, others);
    const series = others.length > 0 ? [...shown, OTHERS] : shown;
    return { rows: folded, series, ticks: niceTicks(0, maxOf(folded, series), 5, true) };
  }, [buffers, keys, tick]);
  return (
    <ChartCard
      title="Throughput (records/s)"
      testId="throughput-chart"
      aside={<TotalRate running={running} />}
      empty={
        rows.length > 0
          ? null
          : running
            ? 'Waiting for the first figures…'
            : 'The run ended before its first figures.'
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis {...timeAxisProps} ticks={timeTicks(rows)} />
          <YAxis
            {...axisProps}
            width={axisWidth(ticks.map(rateTick))}
            ticks={ticks}
            domain={[0, ticks.at(-1) ?? 'auto']}
            allowDecimals={false}
            tickFormatter={rateTick}
          />
          <Tooltip {...tooltipProps} formatter={(v) => formatRate(Number(v))} />
          <Legend {...legendProps} />
          {series.map((key) => (
            <Line
              key={key}
              dataKey={key}
              stroke={seriesColour(key)}
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
