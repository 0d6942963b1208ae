import type { NodeTelemetry } from '@rivulet/shared-types';
import { selectNodeStats, selectRunActive, useLive, type LiveState } from '../store/live';
import { compact, connectionView, latency } from './format';
import { busyColour, lag, pct } from './load';
import { useIsBottleneck } from './useBottleneck';

const share = (x: number | undefined): number => Math.max(0, Math.min(1, x ?? 0));
const selectBusy =
  (nodeId: string) =>
  (s: LiveState): number =>
    share(s.latest[nodeId]?.busy);
const selectPressure =
  (nodeId: string) =>
  (s: LiveState): number =>
    share(s.latest[nodeId]?.backpressure);

/**
 * The card's tint while a run is active: its border and background by busy (blue → orange →
 * red), grey stripes by backpressure, and a ring with a tag on the node that limits the run.
 */
export function NodePressure({ nodeId }: { nodeId: string }) {
  const active = useLive(selectRunActive);
  const busy = useLive(selectBusy(nodeId));
  const bp = useLive(selectPressure(nodeId));
  const limiting = useIsBottleneck(nodeId);
  if (!active) return null;
  return (
    <>
      <div
        className="node-pressure"
        data-testid={`node-load-${nodeId}`}
        style={{
          background: busyColour(busy, 0.05 + busy * 0.25),
          boxShadow: `inset 0 0 0 ${busy >= 0.5 ? 2 : 1}px ${busyColour(busy, 0.5 + busy * 0.5)}`,
        }}
        title={`Busy ${pct(busy)} · backpressured ${pct(bp)}`}
      />
      {bp > 0.01 && <div className="node-backpressured" style={{ opacity: 0.2 + bp * 0.6 }} />}
      {limiting && (
        <div className="node-bottleneck-tag" data-testid={`bottleneck-tag-${nodeId}`}>
          bottleneck
        </div>
      )}
    </>
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
        <span
          className="stat-busy"
          style={{ color: busyColour(stats.busy ?? 0) }}
          title="Busy: share of the last second this node spent on its own work"
        >
          busy <b data-testid="busy">{pct(stats.busy ?? 0)}</b>
        </span>
        {stats.backpressure > 0.01 && (
          <span
            className="stat-warn"
            title="Backpressured: share of the time its sources waited for a full sink"
          >
            bp <b data-testid="backpressured">{pct(stats.backpressure)}</b>
          </span>
        )}
        {stats.state && (
          <span title={`State: ${stats.state.keys} keys, ${stats.state.windows} windows`}>
            keys {compact(stats.state.keys)}
          </span>
        )}
        {stats.watermarkLagMs !== null && (
          <span title="Watermark lag: wall clock minus this node's watermark">
            wm lag {lag(stats.watermarkLagMs)}
          </span>
        )}
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
