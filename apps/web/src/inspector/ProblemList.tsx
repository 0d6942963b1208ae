import type { Problem } from '@rivulet/shared-types';
import { formatProblem } from '@rivulet/shared-types';
import { failureSentence } from '../pipelines/failureText';
import { useEditor } from '../store/editor';
import { useLive } from '../store/live';

/**
 * Problems as a list; one naming a node selects it when clicked. Outside a node, the last run's
 * failure comes first: the pipeline is valid, yet it did not run.
 */
export function ProblemList({
  problems,
  inNode = false,
}: {
  problems: readonly Problem[];
  /** Inside a node's inspector the node needs no naming. */
  inNode?: boolean;
}) {
  const select = useEditor((s) => s.select);
  const nodeById = useEditor((s) => s.nodeById);
  const failure = useLive((s) => (s.runStatus === 'failed' ? s.runError : null));
  const failedAt =
    failure?.nodeId !== undefined && nodeById.has(failure.nodeId) ? failure.nodeId : null;
  return (
    <ul className="problem-list">
      {failure && !inNode && (
        <li>
          <button
            type="button"
            className="problem"
            disabled={failedAt === null}
            onClick={() => failedAt && select([failedAt])}
            data-testid="run-failure-problem"
            title={failedAt ? `Select "${failedAt}"` : undefined}
          >
            <span className="problem-dot" />
            <span>{failureSentence(failure)}</span>
          </button>
        </li>
      )}
      {problems.map((p, i) => {
        const target = p.nodeId !== undefined && nodeById.has(p.nodeId) ? p.nodeId : null;
        return (
          <li key={i}>
            <button
              type="button"
              className="problem"
              disabled={target === null}
              onClick={() => target && select([target])}
              data-testid="problem"
              title={target ? `Select "${target}"` : undefined}
            >
              <span className="problem-dot" />
              <span>{inNode ? p.message : formatProblem(p)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
