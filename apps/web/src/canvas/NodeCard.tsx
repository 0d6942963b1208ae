import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { FlinkMark } from '../export/FlinkMark';
import { paramSummary } from '../graph/schema';
import { selectEntry, selectNode, selectNodeProblems, useEditor } from '../store/editor';
import { selectRestoreProblems, useLive } from '../store/live';
import { categoryLook } from './categories';
import type { OperatorFlowNode } from './flowModel';
import { NodePressure, NodeStats } from './NodeStats';
import { ProblemBadge } from './ProblemBadge';

const portTop = (i: number, count: number): string => `${((i + 1) / (count + 1)) * 100}%`;

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
  return (
    <div
      className={`node-card${selected ? ' selected' : ''}${bad ? ' has-problems' : ''}`}
      style={{ ['--cat' as string]: look.color }}
      data-testid={`node-${id}`}
    >
      {/* First, so that the positioned parts after it (head, live figures) paint over its tint. */}
      <NodePressure nodeId={id} />
      <div className="node-stripe" />
      <FlinkMark nodeId={id} />
      <div className="node-head">
        <span className="node-glyph" aria-hidden>
          {look.glyph}
        </span>
        <span className="node-title">{entry?.title ?? data.opType}</span>
        {bad && <ProblemBadge problems={problems} />}
      </div>
      <div className="node-id mono">{id}</div>
      <div className="node-summary" title={summary}>
        {summary || (
          <span className="node-summary-empty">
            {entry ? 'no params' : `unknown type ${data.opType}`}
          </span>
        )}
      </div>
      <NodeStats nodeId={id} />
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
