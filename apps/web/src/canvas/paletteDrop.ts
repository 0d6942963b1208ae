import type { DragEvent } from 'react';
import type { ReactFlowInstance } from '@xyflow/react';
import { useEditor } from '../store/editor';
import { DEFAULT_NODE_SIZE } from '../graph/size';

/**
 * Dragging an operator from the palette, as three small states: started (the palette puts the
 * type on the drag), over the canvas (accept it as a copy), dropped (add the node there).
 */
export const OPERATOR_MIME = 'application/rivulet-operator';

export function startPaletteDrag(e: DragEvent, type: string): void {
  e.dataTransfer.setData(OPERATOR_MIME, type);
  e.dataTransfer.setData('text/plain', type);
  e.dataTransfer.effectAllowed = 'copy';
}

export function paletteDragOver(e: DragEvent): void {
  if (!e.dataTransfer.types.includes(OPERATOR_MIME)) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
}

export function paletteDrop(e: DragEvent, flow: ReactFlowInstance): void {
  const type = e.dataTransfer.getData(OPERATOR_MIME);
  if (!type) return;
  e.preventDefault();
  const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
  // The pointer holds the card by its header, not its corner.
  useEditor.getState().addNode(type, { x: at.x - DEFAULT_NODE_SIZE.width / 2, y: at.y - 20 });
}
