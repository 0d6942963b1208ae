import type { ReactFlowInstance } from '@xyflow/react';
import { useEffect } from 'react';
import { useEditor } from '../store/editor';

/** True when the key goes to a text field, which keeps its own undo, copy and paste. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The canvas's keyboard shortcuts (the help panel lists them). Delete is React Flow's own. */
export function useShortcuts(flow: ReactFlowInstance): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const s = useEditor.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && e.shiftKey) s.redo();
      else if (mod && key === 'z') s.undo();
      else if (mod && key === 'y') s.redo();
      else if (mod && key === 'c') s.copy();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 'a') s.selectAll();
      else if (e.key === '?') s.setHelpOpen(!s.helpOpen);
      else if (e.key === 'Escape') {
        if (s.helpOpen) s.setHelpOpen(false);
        else s.clearSelection();
      } else if (!mod && !e.altKey && key === 'l' && s.nodes.length > 0) {
        s.autoLayout();
        window.setTimeout(
          () => void flow.fitView({ padding: 0.25, maxZoom: 1.2, duration: 250 }),
          30,
        );
      } else if (!mod && !e.altKey && key === 'f')
        void flow.fitView({ padding: 0.25, maxZoom: 1.2, duration: 250 });
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [flow]);
}
