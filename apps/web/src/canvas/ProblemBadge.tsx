import type { Problem } from '@rivulet/shared-types';

/** The red count on a node card; hovering lists the messages. */
export function ProblemBadge({ problems }: { problems: readonly Problem[] }) {
  const text = problems.map((p) =>
    p.path?.length ? `${p.path.join('.')}: ${p.message}` : p.message,
  );
  return (
    <span className="node-badge" data-testid="node-problem-count" title={text.join('\n')}>
      {problems.length}
      <span className="node-tooltip" role="tooltip">
        {text.map((t, i) => (
          <span key={i} className="node-tooltip-line">
            {t}
          </span>
        ))}
      </span>
    </span>
  );
}
