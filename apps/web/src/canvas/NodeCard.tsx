import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { Fragment, memo, useMemo } from 'react';
import { FlinkMark } from '../export/FlinkMark';
import { FailedMark } from './FailedMark';
import { paramSummary } from '../graph/schema';
import { selectEntry, selectNode, selectNodeProblems, useEditor } from '../store/editor';
import { selectNodeStats, selectRestoreProblems, selectRunActive, useLive } from '../store/live';
import { categoryLook } from './categories';
import { COMPACT_BELOW, compactFontPx, nameWords, zoomStep } from './compactZoom';
import { compact } from './format';
import type { OperatorFlowNode } from './flowModel';
import { NodePressure, NodeStats } from './NodeStats';
import { ProblemBadge } from './ProblemBadge';
import { WarningBadge } from './WarningBadge';

const portTop = (i: number, count: number): string => `${((i + 1) / (count + 1)) * 100}%`;

/** The zoom, in twentieths: a card re-renders when it changes visibly, not on every frame. */
const selectZoomStep = (s: { transform: [number, number, number] }) => zoomStep(s.transform[2]);

/** A zoomed-out card's live figures: records/s out (in for a sink) and dead letters, while a run is active. */
function CompactRate({ nodeId, sink }: { nodeId: string; sink: boolean }) {
  const active = useLive(selectRunActive);
  const stats = useLive(selectNodeStats(nodeId));
  if (!active || !stats) return null;
  return (
    <div className="node-compact-rate" data-testid={`node-compact-rate-${nodeId}`}>
      {compact(sink ? stats.rateIn1s : stats.rateOut1s)}/s
      {stats.deadLetters > 0 && (
        <span className="stat-bad" title="Dead letters">
          {' '}
          dead {compact(stats.deadLetters)}
        </span>
      )}
    </div>
  );
}

/** One operator on the canvas: title, id, a param summary, ports, problems and live figures. */
export const NodeCard = memo(function NodeCard({
  id,
  data,
  selected,
}: NodeProps<OperatorFlowNode>) {
  const node = useEditor(selectNode(id));
  const entry = useEditor(selectEntry(data.opType));
  const invalid = useEditor(selectNodeProblems(id));
  // Saved state a start from a savepoint refused shows as this node's problem too.
  const stateProblems = useLive(selectRestoreProblems(id));
  const problems = useMemo(
    () => (stateProblems ? [...(invalid ?? []), ...stateProblems] : invalid),
    [invalid, stateProblems],
  );
  const look = categoryLook(entry?.category);
  const inputs = entry?.inputs ?? [{ name: 'in', description: '' }];
  const outputs = entry?.outputs ?? [{ name: 'out', description: '' }];
  const summary = node ? paramSummary(node.params) : '';
  const bad = problems !== undefined && problems.length > 0;
  const zoom = useStore(selectZoomStep);
  const small = zoom < COMPACT_BELOW;
  const style = { ['--cat' as string]: look.color } as React.CSSProperties;
  if (small) (style as Record<string, string>)['--compact-font'] = `${compactFontPx(zoom)}px`;
  return (
    <div
      className={`node-card${small ? ' compact' : ''}${selected ? ' selected' : ''}${bad ? ' has-problems' : ''}`}
      style={style}
      data-testid={`node-${id}`}
      title={small ? `${id} · ${entry?.title ?? data.opType}` : undefined}
    >
      {/* First, so that the positioned parts after it (head, live figures) paint over its tint. */}
      <NodePressure nodeId={id} />
      <div className="node-stripe" />
      <FlinkMark nodeId={id} />
      <FailedMark nodeId={id} />
      {small ? (
        <>
          <div className="node-compact-name" data-testid={`node-name-${id}`}>
            {nameWords(id).map((w, i) => (
              <Fragment key={i}>
                {i > 0 && <wbr />}
                {w}
              </Fragment>
            ))}
          </div>
          {bad ? <ProblemBadge problems={problems} /> : <WarningBadge nodeId={id} />}
          <CompactRate nodeId={id} sink={entry !== undefined && entry.outputs.length === 0} />
          {/* The full figures stay in the page (a connector's connection, for tests and readers), unseen. */}
          <div className="node-compact-hidden">
            <NodeStats nodeId={id} />
          </div>
        </>
      ) : (
        <>
          <div className="node-head">
            <span className="node-glyph" aria-hidden>
              {look.glyph}
            </span>
            <span className="node-title" title={entry?.title ?? data.opType}>
              {entry?.title ?? data.opType}
            </span>
            {bad ? <ProblemBadge problems={problems} /> : <WarningBadge nodeId={id} />}
          </div>
          <div className="node-id mono" title={id}>
            {id}
          </div>
          <div className="node-summary" title={summary}>
            {summary || (
              <span className="node-summary-empty">
                {entry ? 'no params' : `unknown type ${data.opType}`}
              </span>
            )}
          </div>
          <NodeStats nodeId={id} />
        </>
      )}
      {inputs.map((p, i) => (
        <Handle
          key={p.name}
          id={p.name}
          type="target"
          position={Position.Left}
          style={{ top: portTop(i, inputs.length) }}
          title={`${p.name}: ${p.description}`}
          data-testid={`handle-${id}-in-${p.name}`}
          className="node-handle"
        >
          {inputs.length > 1 && <span className="port-label left">{p.name}</span>}
        </Handle>
      ))}
      {outputs.map((p, i) => (
        <Handle
          key={p.name}
          id={p.name}
          type="source"
          position={Position.Right}
          style={{ top: portTop(i, outputs.length) }}
          title={`${p.name}: ${p.description}`}
          data-testid={`handle-${id}-out-${p.name}`}
          className={`node-handle${p.name === 'out' ? '' : ' secondary'}`}
        >
          {(outputs.length > 1 || p.name !== 'out') && (
            <span className="port-label right">{p.name}</span>
          )}
        </Handle>
      ))}
    </div>
  );
});
