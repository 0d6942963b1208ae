import { isLive, useLive } from '../store/live';
import { CheckpointCounts } from './CheckpointCounts';
import { LatestCheckpoint } from './LatestCheckpoint';
import { RunStateHistory } from './RunStateHistory';

/** The monitor's checkpoints tab, as Flink's: counts, the latest completed, restores. */
export function CheckpointsPanel() {
  const checkpoints = useLive((s) => s.checkpoints);
  const origin = useLive((s) => s.origin);
  const heard = useLive((s) => s.tick > 0);
  const live = useLive((s) => isLive(s.runStatus));
  return (
    <div className="checkpoints-grid" data-testid="checkpoints-panel">
      {checkpoints ? (
        <>
          <CheckpointCounts
            checkpoints={checkpoints}
            restored={origin.recoveries.length + (origin.restored ? 1 : 0)}
          />
          <LatestCheckpoint last={checkpoints.last} />
        </>
      ) : (
        <div className="chart-card checkpoint-card wide" data-testid="checkpoints-none">
          <div className="chart-empty">
            {heard
              ? 'This run takes no checkpoints (its settings.checkpointInterval is 0).'
              : live
                ? 'Waiting for the run’s first figures…'
                : 'No checkpoint figures arrived from this run.'}
          </div>
        </div>
      )}
      <RunStateHistory origin={origin} />
    </div>
  );
}
