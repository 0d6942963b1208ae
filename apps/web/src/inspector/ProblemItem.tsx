import { useEditor } from '../store/editor';

/**
 * One line of a problem or warning list: clicking it selects the node it names, when that node
 * is on the canvas.
 */
export function ProblemItem({
  nodeId,
  text,
  testId,
}: {
  nodeId: string | undefined;
  text: string;
  testId: string;
}) {
  const select = useEditor((s) => s.select);
  const present = useEditor((s) => nodeId !== undefined && s.nodeById.has(nodeId));
  const target = present ? nodeId! : null;
  return (
    <li>
      <button
        type="button"
        className="problem"
        disabled={target === null}
        onClick={() => target && select([target])}
        data-testid={testId}
        title={target ? `Select "${target}"` : undefined}
      >
        <span className="problem-dot" />
        <span>{text}</span>
      </button>
    </li>
  );
}
