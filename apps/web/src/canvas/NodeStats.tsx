import { selectNodeStats, selectRunActive, useLive } from '../store/live';
import { compact, latency } from './format';

/**
 * Live figures while a run is active: records/s in and out, p99 latency, late, dropped and dead
 * counts;
 * the card is tinted by backpressure (0: none, 1: red).
 */
export function NodeStats({ nodeId }: { nodeId: string }) {
  const active = useLive(selectRunActive);
  const stats = useLive(selectNodeStats(nodeId));
  if (!active || !stats) return null;
  const bp = Math.max(0, Math.min(1, stats.backpressure));
  return (
    <>
      {bp > 0.01 && (
        <div
          className="node-pressure"
          style={{ opacity: bp * 0.55 }}
          title={`Backpressure ${Math.round(bp * 100)}%`}
        />
      )}
      <div className="node-stats" data-testid={`node-stats-${nodeId}`}>
        <span title="Records per second in">
          ↓ <b data-testid="rate-in">{compact(stats.rateIn1s)}</b>/s
        </span>
        <span title="Records per second out">
          ↑ <b data-testid="rate-out">{compact(stats.rateOut1s)}</b>/s
        </span>
        <span title="p99 latency from the source">p99 {latency(stats.latencyUs.p99)}</span>
        {stats.lateRecords > 0 && (
          <span className="stat-warn" title="Late records">
            late {compact(stats.lateRecords)}
          </span>
        )}
        {stats.dropped > 0 && (
          <span title="Records the operator discarded on purpose (e.g. duplicates)">
            dropped {compact(stats.dropped)}
          </span>
        )}
        {stats.deadLetters > 0 && (
          <span className="stat-bad" title="Dead letters">
            dead {compact(stats.deadLetters)}
          </span>
        )}
      </div>
    </>
  );
}
