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
import type { SeriesRing } from '../store/live/ring';
import { toRows } from '../store/live/ring';
import { seriesColour } from '../monitor/series';
import { formatNumber } from '../ui/liveFormat';

/** Series drawn at most: the first ones by the ring's order (the pipeline's node order). */
const MAX_SERIES = 8;

/** One kept series ring as a titled chart (a run's history, not live: redrawn on load only). */
export function HistoryChart({
  title,
  ring,
  keys,
  unit,
  testId,
}: {
  title: string;
  ring: SeriesRing;
  keys: readonly string[];
  unit: string;
  testId: string;
}) {
  const shown = keys.slice(0, MAX_SERIES);
  const rows = useMemo(() => toRows(ring, keys.slice(0, MAX_SERIES), 400), [ring, keys]);
  return (
    <div className="chart-card run-chart" data-testid={testId}>
      <div className="chart-card-head">
        <span className="chart-title">{title}</span>
        <span className="chart-value">{unit}</span>
      </div>
      <div className="chart-body">
        {rows.length === 0 ? (
          <div className="chart-empty">No figures kept.</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid {...gridProps} />
              <XAxis {...timeAxisProps} ticks={timeTicks(rows)} />
              <YAxis {...axisProps} width={52} tickFormatter={(v: number) => formatNumber(v)} />
              <Tooltip {...tooltipProps} formatter={(v) => formatNumber(Number(v))} />
              <Legend {...legendProps} />
              {shown.map((key) => (
                <Line
                  key={key}
                  dataKey={key}
                  name={key}
                  stroke={seriesColour(key)}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}
