import type { Problem } from '@rivulet/shared-types';
import { formatProblem } from '@rivulet/shared-types';
import { failureSentence } from '../pipelines/failureText';
import { useLive } from '../store/live';
import { ProblemItem } from './ProblemItem';

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
  const failure = useLive((s) => (s.runStatus === 'failed' ? s.runError : null));
  return (
    <ul className="problem-list">
      {failure && !inNode && (
        <ProblemItem
          nodeId={failure.nodeId}
          text={failureSentence(failure)}
          testId="run-failure-problem"
        />
      )}
      {problems.map((p, i) => (
        <ProblemItem
          key={i}
          nodeId={p.nodeId}
          text={inNode ? p.message : formatProblem(p)}
          testId="problem"
        />
      ))}
    </ul>
  );
}
