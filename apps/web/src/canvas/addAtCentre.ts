import type { ReactFlowInstance } from '@xyflow/react';
import { DEFAULT_NODE_SIZE } from '../graph/size';
import { useEditor } from '../store/editor';

/** Adds an operator in the middle of what the canvas shows, nudged so repeated adds do not stack. */
export function addAtViewportCentre(flow: ReactFlowInstance, type: string): void {
  const pane = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
  const centre = pane
    ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }
    : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
  const at = flow.screenToFlowPosition(centre);
  const { nodes, addNode } = useEditor.getState();
  let pos = { x: at.x - DEFAULT_NODE_SIZE.width / 2, y: at.y - DEFAULT_NODE_SIZE.height / 2 };
  while (
    nodes.some((n) => Math.abs(n.position.x - pos.x) < 20 && Math.abs(n.position.y - pos.y) < 20)
  ) {
    pos = { x: pos.x + 30, y: pos.y + 30 };
  }
  addNode(type, pos);
}
