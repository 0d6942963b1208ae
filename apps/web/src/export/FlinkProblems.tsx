import type { Problem } from '@rivulet/shared-types';
import { useMemo } from 'react';
import { useEditor } from '../store/editor';
import {
  codeSpans,
  fieldOf,
  groupByNode,
  problemsHeadline,
  type ProblemGroup,
} from './flinkExport';

/**
 * Why the pipeline cannot be exported, by node. As in the inspector's Problems panel, picking
 * a problem selects its node (`select`); here it also closes the dialog to show the canvas.
 */
export function FlinkProblems({
  problems,
  onPick,
}: {
  problems: readonly Problem[];
  onPick: () => void;
}) {
  const nodes = useEditor((s) => s.nodes);
  const groups = useMemo(
    () =>
      groupByNode(
        problems,
        nodes.map((n) => n.id),
      ),
    [problems, nodes],
  );
  return (
    <div className="flink-problems" data-testid="flink-problems">
      <p className="flink-headline">{problemsHeadline(groups, nodes.length)}</p>
      <p className="muted small flink-hint">
        Pick a problem to select its node. After closing, nodes show “✕ Flink” or “Flink ✓” on the
        canvas until you edit the pipeline.
      </p>
      {groups.map((g) => (
        <NodeProblems key={g.nodeId ?? ''} group={g} onPick={onPick} />
      ))}
    </div>
  );
}

function NodeProblems({ group, onPick }: { group: ProblemGroup; onPick: () => void }) {
  const select = useEditor((s) => s.select);
  const type = useEditor((s) =>
    group.nodeId === null ? undefined : s.nodeById.get(group.nodeId)?.type,
  );
  const title = useEditor((s) =>
    type === undefined ? undefined : (s.catalogue.byType.get(type)?.title ?? type),
  );
  const target = group.known ? group.nodeId : null;
  const pick = () => {
    if (target === null) return;
    select([target]);
    onPick();
  };
  return (
    <section className="flink-node" data-testid={`flink-problems-${group.nodeId ?? 'pipeline'}`}>
      <h3 className="flink-node-head">
        {group.nodeId === null ? (
          'The pipeline'
        ) : (
          <>
            <span className="mono">{group.nodeId}</span>
            {title && <span className="muted">{title}</span>}
            {!group.known && <span className="muted">(not on the canvas)</span>}
          </>
        )}
      </h3>
      <ul className="problem-list">
        {group.problems.map((p, i) => {
          const field = fieldOf(p);
          return (
            <li key={i}>
              <button
                type="button"
                className="problem"
                disabled={target === null}
                onClick={pick}
                title={target === null ? undefined : `Select "${target}"`}
                data-testid="flink-problem"
              >
                <span className="problem-dot" />
                <span>
                  {field && <code className="flink-field">{field}</code>}
                  <Message text={p.message} />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Message({ text }: { text: string }) {
  return codeSpans(text).map((part, i) =>
    part.code ? <code key={i}>{part.text}</code> : <span key={i}>{part.text}</span>,
  );
}
