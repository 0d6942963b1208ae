import type { Problem } from '@rivulet/shared-types';
import { formatProblem } from '@rivulet/shared-types';
import { useEditor } from '../store/editor';

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
  const select = useEditor((s) => s.select);
  const nodeById = useEditor((s) => s.nodeById);
  return (
    <ul className="problem-list warning-list" data-testid={inNode ? 'node-warnings' : 'warnings'}>
      {warnings.map((w, i) => {
        const target = w.nodeId !== undefined && nodeById.has(w.nodeId) ? w.nodeId : null;
        return (
          <li key={i}>
            <button
              type="button"
              className="problem"
              disabled={target === null}
              onClick={() => target && select([target])}
              data-testid="warning"
              title={target ? `Select "${target}"` : undefined}
            >
              <span className="problem-dot" />
              <span>{inNode ? w.message : formatProblem(w)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
