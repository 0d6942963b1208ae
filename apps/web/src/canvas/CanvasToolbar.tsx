import { Panel, useReactFlow } from '@xyflow/react';
import { selectCanRedo, selectCanUndo, useEditor } from '../store/editor';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

/** Undo, redo, auto-layout, fit view, help, and what the validator says. */
export function CanvasToolbar() {
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const empty = useEditor((s) => s.nodes.length === 0);
  const flow = useReactFlow();
  const s = useEditor.getState;
  return (
    <Panel position="top-left" className="canvas-toolbar">
      <button
        className="tool"
        onClick={() => s().undo()}
        disabled={!canUndo}
        title={`Undo (${MOD}+Z)`}
        data-testid="undo"
        aria-label="Undo"
      >
        ↶
      </button>
      <button
        className="tool"
        onClick={() => s().redo()}
        disabled={!canRedo}
        title={`Redo (${MOD}+Shift+Z)`}
        data-testid="redo"
        aria-label="Redo"
      >
        ↷
      </button>
      <span className="tool-sep" />
      <button
        className="tool wide"
        onClick={() => {
          s().autoLayout();
          window.setTimeout(
            () => void flow.fitView({ padding: 0.25, maxZoom: 1.2, duration: 250 }),
            30,
          );
        }}
        disabled={empty}
        title="Arrange the nodes left to right (L)"
        data-testid="auto-layout"
      >
        ⇶ Auto-layout
      </button>
      <button
        className="tool"
        onClick={() => void flow.fitView({ padding: 0.25, maxZoom: 1.2, duration: 250 })}
        title="Fit the pipeline in view (F)"
        data-testid="fit-view"
        aria-label="Fit view"
      >
        ⤢
      </button>
      <span className="tool-sep" />
      <button
        className="tool"
        onClick={() => s().setHelpOpen(!s().helpOpen)}
        title="Keyboard shortcuts (?)"
        data-testid="help"
        aria-label="Keyboard shortcuts"
      >
        ?
      </button>
      <ValidationChip />
    </Panel>
  );
}

function ValidationChip() {
  const validation = useEditor((s) => s.validation);
  const count = useEditor((s) => s.problems.length);
  const select = useEditor((s) => s.clearSelection);
  if (validation.status === 'error') {
    return (
      <span className="chip bad" title={validation.message ?? ''} data-testid="validation-status">
        Validator unreachable
      </span>
    );
  }
  if (validation.status === 'pending' || validation.status === 'idle') {
    return (
      <span className="chip" data-testid="validation-status">
        Checking…
      </span>
    );
  }
  return count === 0 ? (
    <span className="chip ok" data-testid="validation-status">
      ✓ Valid
    </span>
  ) : (
    <button
      className="chip bad"
      onClick={select}
      title="Show the problems in the inspector"
      data-testid="validation-status"
    >
      {count} problem{count === 1 ? '' : 's'}
    </button>
  );
}
