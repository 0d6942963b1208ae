import { copyFragment, pasteFragment } from '../../graph/clipboard';
import { commit } from './commit';
import type { ClipboardActions, GetEditor, SetEditor } from './state';

const PASTE_OFFSET = 40;

export const clipboardActions = (set: SetEditor, get: GetEditor): ClipboardActions => ({
  copy() {
    const s = get();
    if (s.selection.nodes.length === 0) return;
    set({ clipboard: copyFragment(s, new Set(s.selection.nodes)), pasteCount: 0 });
  },
  paste() {
    const s = get();
    if (!s.clipboard || s.clipboard.nodes.length === 0) return;
    const step = (s.pasteCount + 1) * PASTE_OFFSET;
    const fragment = pasteFragment(s, s.clipboard, { x: step, y: step });
    commit(set, get, { kind: 'add', ...fragment });
    set({
      pasteCount: s.pasteCount + 1,
      selection: { nodes: fragment.nodes.map((n) => n.id), edges: [] },
    });
  },
});
