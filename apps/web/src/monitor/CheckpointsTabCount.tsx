import { useLive } from '../store/live';

/** Completed checkpoints on the tab, red when one failed; nothing when the run takes none. */
export function CheckpointsTabCount() {
  const checkpoints = useLive((s) => s.checkpoints);
  if (!checkpoints) return null;
  const failed = checkpoints.failed > 0;
  return (
    <span
      className={`tab-count${failed ? ' bad' : ''}`}
      data-testid="checkpoints-tab-count"
      title={`${checkpoints.completed} completed, ${checkpoints.failed} failed`}
    >
      {checkpoints.completed}
      {failed && ` · ${checkpoints.failed} failed`}
    </span>
  );
}
