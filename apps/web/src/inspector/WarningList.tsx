import type { Problem } from '@rivulet/shared-types';
import { formatProblem } from '@rivulet/shared-types';
import { ProblemItem } from './ProblemItem';

/**
 * Warnings as a list, like the problems but amber: the pipeline still runs. One naming a node
 * selects it when clicked.
 */
export function WarningList({
  warnings,
  inNode = false,
}: {
  warnings: readonly Problem[];
  /** Inside a node's inspector the node needs no naming. */
  inNode?: boolean;
}) {
  return (
    <ul className="problem-list warning-list" data-testid={inNode ? 'node-warnings' : 'warnings'}>
      {warnings.map((w, i) => (
        <ProblemItem
          key={i}
          nodeId={w.nodeId}
          text={inNode ? w.message : formatProblem(w)}
          testId="warning"
        />
      ))}
    </ul>
  );
}
