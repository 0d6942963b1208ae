import type { NodeTelemetry } from '@rivulet/shared-types';
import { useMemo, useState } from 'react';
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
import { formatMs } from '../ui/liveFormat';
import { ChartCard } from './ChartCard';
import {
  axisProps,
  gridProps,
  legendProps,
  timeAxisProps,
  timeTicks,
  tooltipProps,
} from './chartStyle';
import { axisWidth, durationTicks, maxOf, niceTicks } from './series';

function busiestSink(
  latest: Record<string, NodeTelemetry>,
  sinks: readonly string[],
): string | null {
  let best: string | null = sinks[0] ?? null;
  for (const id of sinks)
    if ((latest[id]?.recordsIn ?? 0) > (best ? (latest[best]?.recordsIn ?? 0) : -1)) best = id;
  return best;
}

const PERCENTILES = [
  { key: 'p50', colour: '#34d399' },
  { key: 'p95', colour: '#fbbf24' },
  { key: 'p99', colour: '#f87171' },
] as const;

/** End-to-end latency of a sink (source read → sink), p50/p95/p99 in ms. */
export function LatencyChart() {
  const buffers = useLive((s) => s.buffers);
  const tick = useChartTick('tick');
  const sinks = buffers?.shape.sinks ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  // Until one is picked: the busiest sink (an alerts sink may see nothing for minutes).
  const busiest = useLive((s) => busiestSink(s.latest, sinks));
  const sink = picked !== null && sinks.includes(picked) ? picked : busiest;

  const rows = useMemo(() => {
    if (!buffers || !sink) return [];
    return toRows(
      buffers.latency,
      PERCENTILES.map((p) => `${sink}|${p.key}`),
    ).map((r) => ({
      t: r.t,
      p50: r[`${sink}|p50`] ?? null,
      p95: r[`${sink}|p95`] ?? null,
      p99: r[`${sink}|p99`] ?? null,
    }));
  }, [buffers, sink, tick]);
  // A window's sink measures only when the window fires: isolated points need dots to be seen.
  const sparse = rows.filter((r) => r.p50 !== null).length < 60;
  const ticks = useMemo(() => niceTicks(0, maxOf(rows, ['p50', 'p95', 'p99']), 5), [rows]);
  const p99 = buffers && sink ? lastValue(buffers.latency, `${sink}|p99`) : null;

  return (
    <ChartCard
      title="Latency"
      testId="latency-chart"
      aside={
        sinks.length > 1 ? (
          <select
            className="mini-select"
            value={sink ?? ''}
            onChange={(e) => setPicked(e.target.value)}
            aria-label="Sink"
          >
            {sinks.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        ) : (
          <span className="chart-value">p99 {formatMs(p99)}</span>
        )
      }
      empty={
        !sink
          ? 'No sink: latency is measured where records leave.'
          : rows.length === 0
            ? 'Waiting…'
            : null
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis {...timeAxisProps} ticks={timeTicks(rows)} />
          <YAxis
            {...axisProps}
            width={axisWidth(ticks.map(durationTicks(ticks)))}
            ticks={ticks}
            domain={[0, ticks.at(-1) ?? 'auto']}
            tickFormatter={durationTicks(ticks)}
          />
          <Tooltip {...tooltipProps} formatter={(v) => formatMs(Number(v))} />
          <Legend {...legendProps} />
          {PERCENTILES.map((p) => (
            <Line
              key={p.key}
              dataKey={p.key}
              stroke={p.colour}
              dot={sparse ? { r: 2, strokeWidth: 0, fill: p.colour } : false}
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
