import type { NodeTelemetry } from '@rivulet/shared-types';
import { selectNodeStats, selectRunActive, useLive, type LiveState } from '../store/live';
import { compact, connectionView, latency } from './format';

const selectPressure =
  (nodeId: string) =>
  (s: LiveState): number =>
    Math.max(0, Math.min(1, s.latest[nodeId]?.backpressure ?? 0));

/** The card's tint while a run is active: its backpressure (0: none, 1: red). */
export function NodePressure({ nodeId }: { nodeId: string }) {
  const active = useLive(selectRunActive);
  const bp = useLive(selectPressure(nodeId));
  if (!active || bp <= 0.01) return null;
  return (
    <div
      className="node-pressure"
      style={{ opacity: bp * 0.55 }}
      title={`Backpressure ${Math.round(bp * 100)}%`}
    />
  );
}

/**
 * Live figures under the card while a run is active: records/s in and out, p99 latency, late,
 * dropped and dead counts, and a connector's connection.
 */
export function NodeStats({ nodeId }: { nodeId: string }) {
  const active = useLive(selectRunActive);
  const stats = useLive(selectNodeStats(nodeId));
  if (!active || !stats) return null;
  return (
    <>
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
      {stats.connection && <NodeConnection nodeId={nodeId} connection={stats.connection} />}
    </>
  );
}

/**
 * A connector's connection: a pill (connected, connecting…, reconnecting… in amber), the last
 * error under it while not connected, and a Kafka source's lag with each partition's in its
 * tooltip. A broker that does not answer is not a failure: the run goes on and says so here.
 */
function NodeConnection({
  nodeId,
  connection,
}: {
  nodeId: string;
  connection: NonNullable<NodeTelemetry['connection']>;
}) {
  const view = connectionView(connection);
  return (
    <div className="node-connection" data-testid={`node-connection-${nodeId}`}>
      <div className="node-connection-row">
        <span className={`conn-pill conn-${view.status}`} title={view.title}>
          {view.label}
        </span>
        {view.lag && (
          <span
            className={`conn-lag${view.lagStale ? ' stale' : ''}`}
            title={view.lagTitle ?? undefined}
          >
            {view.lag}
          </span>
        )}
      </div>
      {view.problem && <div className="conn-problem">{view.problem}</div>}
    </div>
  );
}
