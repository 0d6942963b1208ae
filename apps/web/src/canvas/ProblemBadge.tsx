import type { Problem } from '@rivulet/shared-types';

/** The red count on a node card (amber for warnings); hovering lists the messages. */
export function ProblemBadge({
  problems,
  tone = 'problem',
}: {
  problems: readonly Problem[];
  tone?: 'problem' | 'warning';
}) {
  const text = problems.map((p) =>
    p.path?.length ? `${p.path.join('.')}: ${p.message}` : p.message,
  );
  return (
    <span
      className={`node-badge${tone === 'warning' ? ' warning' : ''}`}
      data-testid={tone === 'warning' ? 'node-warning-count' : 'node-problem-count'}
      title={text.join('\n')}
    >
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
