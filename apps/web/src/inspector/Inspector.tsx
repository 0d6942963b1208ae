import { selectSelectedNode, useEditor } from '../store/editor';
import { useFieldFlowSync } from './fieldFlow';
import { NodeInspector } from './NodeInspector';
import { PipelineSummary } from './PipelineSummary';
import './inspector.css';

/** The right-hand panel: the selected node's settings, or the pipeline's summary. */
export function Inspector() {
  const node = useEditor(selectSelectedNode);
  const count = useEditor((s) => s.selection.nodes.length);
  const deleteSelection = useEditor((s) => s.deleteSelection);
  useFieldFlowSync();
  if (node) return <NodeInspector node={node} />;
  if (count > 1) {
    return (
      <div className="inspector" data-testid="inspector-multi">
        <h4 className="inspector-section first">{count} nodes selected</h4>
        <p className="inspector-note">
          Drag to move them together, Ctrl+C to copy, Delete to remove.
        </p>
        <button type="button" className="btn danger" onClick={deleteSelection}>
          Delete {count} nodes
        </button>
      </div>
    );
  }
  return <PipelineSummary />;
}
