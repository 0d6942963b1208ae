import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { selectNodeStats, selectRunActive, useLive } from '../store/live';
import { compact } from './format';
import type { RateFlowEdge } from './flowModel';
import { PeekEdgeHook } from '../inspect/PeekEdgeHook';

/** An edge; while a run is active its label is the rate of the records its source emits. */
export function RateEdge(props: EdgeProps<RateFlowEdge>) {
  const {
    id,
    source,
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    selected,
    data,
  } = props;
  const active = useLive(selectRunActive);
  const stats = useLive(selectNodeStats(source));
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const problem = data?.problem ?? null;
  const rate = active && stats ? stats.rateOut1s : null;
  const stroke = problem
    ? 'var(--bad)'
    : selected
      ? 'var(--accent)'
      : rate && rate > 0
        ? '#4fb6c9'
        : '#4b5675';
  return (
    <PeekEdgeHook edge={props} active={active}>
      <BaseEdge
        id={id}
        path={path}
        style={{ stroke, strokeWidth: selected ? 2.5 : 1.75 }}
        className={rate && rate > 0 ? 'edge-flowing' : undefined}
      />
      {(rate !== null || problem) && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label${problem ? ' bad' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={problem ? 'edge-problem' : `edge-rate-${source}`}
            title={problem ?? undefined}
          >
            {problem ? '!' : `${compact(rate ?? 0)}/s`}
          </div>
        </EdgeLabelRenderer>
      )}
    </PeekEdgeHook>
  );
}
