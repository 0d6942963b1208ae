import { MiniMap, useStore, type ReactFlowState } from '@xyflow/react';
import { useEditor } from '../store/editor';
import { categoryLook } from './categories';
import type { OperatorFlowNode } from './flowModel';

/** Whether every node lies inside the visible pane (nothing to find with a minimap). */
function everyNodeVisible(s: ReactFlowState): boolean {
  const [tx, ty, zoom] = s.transform;
  if (s.width === 0 || s.height === 0) return true;
  for (const n of s.nodeLookup.values()) {
    const { x, y } = n.internals.positionAbsolute;
    const w = n.measured.width ?? 0;
    const h = n.measured.height ?? 0;
    if (x * zoom + tx < 0 || y * zoom + ty < 0) return false;
    if ((x + w) * zoom + tx > s.width || (y + h) * zoom + ty > s.height) return false;
  }
  return true;
}

/**
 * The minimap, only while part of the graph is out of view: when everything fits it has
 * nothing to show and would only cover the nodes in its corner.
 */
export function CanvasMiniMap() {
  const fits = useStore(everyNodeVisible);
  if (fits) return null;
  return (
    <MiniMap
      position="bottom-right"
      pannable
      zoomable
      nodeColor={(n) =>
        categoryLook(
          useEditor.getState().catalogue.byType.get((n as OperatorFlowNode).data.opType)?.category,
        ).color
      }
      maskColor="rgba(11, 16, 32, 0.7)"
      style={{ width: 140, height: 88 }}
    />
  );
}
