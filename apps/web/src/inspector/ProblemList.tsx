import type { Problem } from '@rivulet/shared-types';
import { formatProblem } from '@rivulet/shared-types';
import { useEditor } from '../store/editor';

/** Problems as a list; one naming a node selects it when clicked. */
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
  return (
    <ul className="problem-list">
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
