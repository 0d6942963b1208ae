import { useLive, type LiveState } from '../store/live';
import { failureReason } from '../pipelines/failureText';
import './FailedMark.css';

/** The failure of the last run when it names this node; undefined otherwise. */
const selectFailureAt =
  (nodeId: string) =>
  (s: LiveState): string | undefined =>
    s.runStatus === 'failed' && s.runError?.nodeId === nodeId
      ? failureReason(s.runError)
      : undefined;

/**
 * The node the last run failed at: a red outline round the card and a "Run failed here" badge
 * whose title is the reason. It stays until the next run starts.
 */
export function FailedMark({ nodeId }: { nodeId: string }) {
  const reason = useLive(selectFailureAt(nodeId));
  if (reason === undefined) return null;
  return (
    <>
      <div className="failed-outline" aria-hidden />
      <span
        className="failed-mark"
        data-testid={`failed-mark-${nodeId}`}
        role="status"
        title={`The run failed here: ${reason}`}
      >
        ✕ Run failed here
      </span>
    </>
  );
}
