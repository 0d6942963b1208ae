import { useEditor } from '../store/editor';
import { MOD } from './CanvasToolbar';

const SHORTCUTS: [string, string][] = [
  ['Drag a palette item', 'Add an operator where you drop it'],
  ['Double-click a palette item', 'Add it in the middle of the view'],
  ['Drag port → port', 'Connect: outputs on the right, inputs on the left'],
  ['Click · Shift+click', 'Select · add to the selection'],
  ['Shift+drag', 'Select an area'],
  ['Delete / Backspace', 'Delete the selection'],
  [`${MOD}+C · ${MOD}+V`, 'Copy · paste (new ids, edges between copied nodes kept)'],
  [`${MOD}+Z`, 'Undo'],
  [`${MOD}+Shift+Z · ${MOD}+Y`, 'Redo'],
  [`${MOD}+A`, 'Select everything'],
  ['Arrow keys', 'Move the selected nodes'],
  ['L', 'Auto-layout, left to right'],
  ['F', 'Fit the pipeline in view'],
  ['Esc', 'Clear the selection, close this panel'],
  ['?', 'Show or hide this panel'],
];

/** The keyboard shortcuts, from the "?" button or key. */
export function HelpPanel() {
  const open = useEditor((s) => s.helpOpen);
  const setOpen = useEditor((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div
      className="help-panel"
      role="dialog"
      aria-label="Keyboard shortcuts"
      data-testid="help-panel"
    >
      <div className="help-head">
        <span>Keyboard shortcuts</span>
        <button
          className="tool"
          onClick={() => setOpen(false)}
          aria-label="Close"
          data-testid="help-close"
        >
          ×
        </button>
      </div>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="help-row">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
