import type { CheckpointTelemetry } from '@rivulet/shared-types';
import { Age } from '../ui/Age';
import { formatBytes, formatMs } from '../ui/liveFormat';

/** The last completed checkpoint: its id, how long ago, how long it took, its size. */
export function LatestCheckpoint({ last }: { last: CheckpointTelemetry['last'] }) {
  return (
    <div className="chart-card checkpoint-card" data-testid="latest-checkpoint">
      <div className="chart-card-head">
        <span className="chart-title">Latest completed</span>
      </div>
      {last === null ? (
        <div className="chart-empty">
          None yet: the first is taken one checkpoint interval after the start.
        </div>
      ) : (
        <dl className="checkpoint-facts">
          <dt>ID</dt>
          <dd className="mono" data-testid="checkpoint-last-id">
            #{last.id}
          </dd>
          <dt>Taken</dt>
          <dd>
            <Age at={last.at} testId="checkpoint-last-age" />
          </dd>
          <dt>Duration</dt>
          <dd className="mono" data-testid="checkpoint-last-duration">
            {formatMs(last.durationMs)}
          </dd>
          <dt>Size</dt>
          <dd className="mono" data-testid="checkpoint-last-size">
            {formatBytes(last.bytes)}
          </dd>
        </dl>
      )}
    </div>
  );
}
