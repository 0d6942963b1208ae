import { create } from 'zustand';
import { indexProblems } from '../graph/problems';
import { clipboardActions } from './editor/clipboardActions';
import { graphActions } from './editor/graphActions';
import { historyActions } from './editor/historyActions';
import { selectionActions } from './editor/selectionActions';
import type { EditorData, EditorState } from './editor/state';
import { uiActions } from './editor/uiActions';

export type { EditorState } from './editor/state';
export * from './editor/selectors';

/**
 * The canvas document and its edits. Others use: name, problems, dirty, load(doc),
 * toDocument(), markSaved(), rename(name). State and actions are declared apart
 * (store/editor/state.ts); actions live in small files by domain.
 */
const initial: EditorData = {
  name: '',
  extra: {},
  nodes: [],
  edges: [],
  nodeById: new Map(),
  edgesByTarget: new Map(),
  edgesBySource: new Map(),
  selection: { nodes: [], edges: [] },
  problems: [],
  problemIndex: indexProblems([]),
  validation: { status: 'idle', message: null },
  dirty: false,
  past: [],
  future: [],
  lastEdit: null,
  dragStart: null,
  measured: {},
  catalogue: { status: 'idle', entries: [], byType: new Map(), message: null },
  clipboard: null,
  pasteCount: 0,
  notice: null,
  helpOpen: false,
};

export const useEditor = create<EditorState>()((set, get) => ({
  ...initial,
  ...graphActions(set, get),
  ...selectionActions(set, get),
  ...historyActions(set, get),
  ...clipboardActions(set, get),
  ...uiActions(set, get),
}));
