import type { CheckpointTelemetry } from '@rivulet/shared-types';
import { formatCount } from '../ui/liveFormat';

/**
 * How many checkpoints completed and failed, and how often the run's state was restored (from
 * a savepoint at its start, from a checkpoint after a restart), as Flink counts them.
 */
export function CheckpointCounts({
  checkpoints,
  restored,
}: {
  checkpoints: CheckpointTelemetry;
  restored: number;
}) {
  return (
    <div className="chart-card checkpoint-card">
      <div className="chart-card-head">
        <span className="chart-title">Checkpoints</span>
      </div>
      <div className="checkpoint-counts">
        <div className="count" data-testid="checkpoints-completed">
          <span className="count-value">{formatCount(checkpoints.completed)}</span>
          <span className="count-label">completed</span>
        </div>
        <div
          className={`count${checkpoints.failed > 0 ? ' bad' : ''}`}
          data-testid="checkpoints-failed"
        >
          <span className="count-value">{formatCount(checkpoints.failed)}</span>
          <span className="count-label">failed</span>
        </div>
        <div className="count" data-testid="checkpoints-restored">
          <span className="count-value">{formatCount(restored)}</span>
          <span className="count-label">restored</span>
        </div>
      </div>
    </div>
  );
}
