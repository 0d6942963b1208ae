import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useReactFlow,
  type EdgeChange,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { checkConnection } from '../graph/connect';
import { edgeProblemKey } from '../graph/types';
import { useEditor } from '../store/editor';
import { CanvasMiniMap } from './CanvasMiniMap';
import { BottleneckNote } from './BottleneckNote';
import { CanvasToolbar } from './CanvasToolbar';
import { HelpPanel } from './HelpPanel';
import { NodeCard } from './NodeCard';
import { Notice } from './Notice';
import { paletteDragOver, paletteDrop } from './paletteDrop';
import { RateEdge } from './RateEdge';
import { toFlowEdge, toFlowNode, type OperatorFlowNode, type RateFlowEdge } from './flowModel';
import { useShortcuts } from './useShortcuts';
import './canvas.css';

const nodeTypes = { operator: NodeCard };
const edgeTypes = { rate: RateEdge };

/** The node id under the pointer, for a connection dropped somewhere React Flow found no port. */
function nodeUnderPointer(event: MouseEvent | TouchEvent): string | null {
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (!point) return null;
  const el = document.elementFromPoint(point.clientX, point.clientY);
  return el?.closest('.react-flow__node')?.getAttribute('data-id') ?? null;
}

/** The pipeline as boxes and arrows: React Flow bound to the editor store. */
export function Canvas() {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const selection = useEditor((s) => s.selection);
  const measured = useEditor((s) => s.measured);
  const edgeProblems = useEditor((s) => s.problemIndex.byEdge);
  const flow = useReactFlow();
  useShortcuts(flow);
  // Fit the opened pipeline once; an empty one keeps zoom 1 so the first drops land where dropped.
  const [fitOnOpen] = useState(() => useEditor.getState().nodes.length > 0);

  const flowNodes = useMemo(() => {
    const selected = new Set(selection.nodes);
    return nodes.map((n) => toFlowNode(n, selected.has(n.id), measured[n.id]));
  }, [nodes, selection.nodes, measured]);

  const flowEdges = useMemo(() => {
    const selected = new Set(selection.edges);
    return edges.map((e) => {
      const problems = edgeProblems.get(edgeProblemKey(e));
      const flowEdge = toFlowEdge(
        e,
        false,
        problems ? problems.map((p) => p.message).join('\n') : null,
      );
      return selected.has(flowEdge.id) ? { ...flowEdge, selected: true } : flowEdge;
    });
  }, [edges, selection.edges, edgeProblems]);

  const onNodesChange = useCallback((changes: NodeChange<OperatorFlowNode>[]) => {
    const s = useEditor.getState();
    const positions: Record<string, { x: number; y: number }> = {};
    let moved = false;
    for (const c of changes) {
      if (c.type === 'position' && c.position) {
        positions[c.id] = c.position;
        moved = true;
      } else if (c.type === 'select') s.setNodeSelected(c.id, c.selected);
      else if (c.type === 'dimensions' && c.dimensions) s.setMeasured(c.id, c.dimensions);
      // 'remove' arrives through onDelete, as one edit with the edges.
    }
    if (!moved) return;
    // A drag is one history entry (begun in onNodeDragStart); arrow keys move in one entry each.
    if (s.dragStart) s.moveTransient(positions);
    else s.apply({ kind: 'move', positions }, 'keyboard-move');
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<RateFlowEdge>[]) => {
    const s = useEditor.getState();
    for (const c of changes) if (c.type === 'select') s.setEdgeSelected(c.id, c.selected);
  }, []);

  const onConnectEnd: OnConnectEnd = useCallback((event, state) => {
    if (state.isValid || !state.fromNode) return;
    const s = useEditor.getState();
    const over = state.toNode?.id ?? nodeUnderPointer(event);
    if (!over || over === state.fromNode.id) {
      if (over === state.fromNode.id) s.notify(`"${over}" cannot feed itself.`);
      return;
    }
    const fromIsOutput = state.fromHandle?.type !== 'target';
    const attempt = fromIsOutput
      ? {
          source: state.fromNode.id,
          sourceHandle: state.fromHandle?.id,
          target: over,
          targetHandle: state.toHandle?.id,
        }
      : {
          source: over,
          sourceHandle: state.toHandle?.id,
          target: state.fromNode.id,
          targetHandle: state.fromHandle?.id,
        };
    const check = checkConnection(attempt, s, s.catalogue.byType);
    if (!check.ok) s.notify(check.reason);
  }, []);

  const isValidConnection = useCallback(
    (
      c:
        | RateFlowEdge
        | {
            source: string;
            target: string;
            sourceHandle?: string | null;
            targetHandle?: string | null;
          },
    ) => {
      const s = useEditor.getState();
      return checkConnection(c, s, s.catalogue.byType).ok;
    },
    [],
  );

  const empty = nodes.length === 0;
  return (
    <div
      className="canvas"
      data-testid="canvas"
      onDragOver={paletteDragOver}
      onDrop={(e) => paletteDrop(e, flow)}
    >
      <ReactFlow<OperatorFlowNode, RateFlowEdge>
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={() => useEditor.getState().beginMove()}
        onNodeDragStop={() => useEditor.getState().endMove()}
        onSelectionDragStart={() => useEditor.getState().beginMove()}
        onSelectionDragStop={() => useEditor.getState().endMove()}
        onConnect={(c) => {
          const reason = useEditor.getState().connect(c);
          if (reason) useEditor.getState().notify(reason);
        }}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDelete={({ nodes: ns, edges: es }) =>
          useEditor.getState().remove(
            ns.map((n) => n.id),
            es.map((e) => e.id),
          )
        }
        onPaneClick={() => useEditor.getState().clearSelection()}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        fitView={fitOnOpen}
        // On open, every node in view: below 0.6 zoom the cards turn compact (name and rate, large).
        fitViewOptions={{ padding: 0.06, maxZoom: 1.2, minZoom: 0.1 }}
        minZoom={0.1}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        colorMode="dark"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#26304f" />
        <CanvasToolbar />
        <BottleneckNote />
        <Controls showInteractive={false} position="bottom-left" />
        <CanvasMiniMap />
      </ReactFlow>
      {empty && (
        <div className="canvas-empty" data-testid="canvas-empty">
          <div className="canvas-empty-glyph">⇢</div>
          <div className="canvas-empty-title">Drag an operator from the palette to start</div>
          <div className="canvas-empty-hint">
            Start with a source, add transforms, end with a sink. Double-click an operator to drop
            it here.
          </div>
        </div>
      )}
      <Notice />
      <HelpPanel />
    </div>
  );
}
