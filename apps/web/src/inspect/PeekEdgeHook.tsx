import type { EdgeProps } from '@xyflow/react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { EdgePeekPanel } from './EdgePeekPanel';
import './inspect.css';
import { selectIsPeeked, useInspect } from './inspectStore';

/**
 * Wraps an edge of the canvas: while a run is active a click on it (or on its rate label, whose
 * clicks bubble here through React's tree) opens the peek at the records it carries. The peeked
 * edge renders the panel, outside the canvas's SVG.
 */
export function PeekEdgeHook({
  edge,
  active,
  children,
}: {
  edge: Pick<EdgeProps, 'id' | 'source' | 'target' | 'sourceHandleId'>;
  active: boolean;
  children: ReactNode;
}) {
  const peeked = useInspect(selectIsPeeked(edge.id));
  const peekEdge = useInspect((s) => s.peekEdge);
  const onClick = active
    ? () =>
        peekEdge({
          edgeId: edge.id,
          source: edge.source,
          port: edge.sourceHandleId ?? 'out',
          target: edge.target,
        })
    : undefined;
  return (
    <g
      onClick={onClick}
      className={active ? `peekable-edge${peeked ? ' peeked-edge' : ''}` : undefined}
      data-testid={`edge-${edge.source}-${edge.target}`}
    >
      {active && <title>Click to see the records passing on this edge</title>}
      {children}
      {peeked &&
        createPortal(
          // React bubbles a portal's clicks to this edge: they must not open the peek again.
          <div onClick={(e) => e.stopPropagation()}>
            <EdgePeekPanel />
          </div>,
          document.body,
        )}
    </g>
  );
}
