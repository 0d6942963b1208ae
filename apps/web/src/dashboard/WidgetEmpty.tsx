import { useLive } from '../store/live';
import { formatHourMinute } from '../ui/liveFormat';

/** What a widget shows before it has data, or when a param it needs is missing. */
export function WidgetEmpty({ children }: { children: React.ReactNode }) {
  return (
    <div className="widget-empty" data-testid="widget-empty">
      {children}
    </div>
  );
}

/**
 * From when a widget's emptiness is known: the start of the history the engine replayed (the
 * run's start, or its recovery), else the run's start; null with no run followed.
 */
export function useCoveredSince(): number | null {
  return useLive((s) => (s.runId === null ? null : (s.historySince ?? s.runStartedAt)));
}

/**
 * An empty widget that says what it covers: "No alerts since 10:42" once a run is followed,
 * `waiting` (e.g. "Waiting for records…") before.
 */
export function EmptySince({ nothing, waiting }: { nothing: string; waiting: string }) {
  const since = useCoveredSince();
  return (
    <WidgetEmpty>
      {since === null ? (
        waiting
      ) : (
        <span title={new Date(since).toLocaleString('en-GB')}>
          {nothing} since {formatHourMinute(since)}
        </span>
      )}
    </WidgetEmpty>
  );
}
