import type { CatalogueEntry, PipelineDocument, Problem } from '@rivulet/shared-types';
import type { StoreApi } from 'zustand';
import type { Fragment } from '../../graph/clipboard';
import type { GraphIndex } from '../../graph/lookup';
import type { ProblemIndex } from '../../graph/problems';
import type { ConnectAttempt } from '../../graph/connect';
import type { GraphChange } from '../../graph/changes';
import type { GraphEdge, GraphNode } from '../../graph/types';

/** What undo and redo restore. */
export interface Snapshot {
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface CatalogueState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  entries: CatalogueEntry[];
  byType: ReadonlyMap<string, CatalogueEntry>;
  message: string | null;
}

export interface Notice {
  id: number;
  message: string;
  tone: 'error' | 'info';
}

/** The editor's state: the document, its lookup maps, selection, history, validation. */
export interface EditorData extends GraphIndex {
  /** The pipeline name (the document's `name`). */
  name: string;
  /** Top-level fields of the document the editor does not edit (description, layouts…), kept on save. */
  extra: Record<string, unknown>;
  nodes: GraphNode[];
  edges: GraphEdge[];
  selection: { nodes: string[]; edges: string[] };
  /** Problems of the engine's validator for the current document (kept up to date as you edit). */
  problems: Problem[];
  problemIndex: ProblemIndex;
  validation: { status: 'idle' | 'pending' | 'done' | 'error'; message: string | null };
  /** True when the document changed since the last load or save. */
  dirty: boolean;
  past: Snapshot[];
  future: Snapshot[];
  /** Key and time of the last history entry, so typing in one field makes one entry. */
  lastEdit: { key: string; at: number } | null;
  /** Position of nodes when a drag started: the drag's one history entry. */
  dragStart: Snapshot | null;
  measured: Readonly<Record<string, { width: number; height: number }>>;
  catalogue: CatalogueState;
  clipboard: Fragment | null;
  pasteCount: number;
  notice: Notice | null;
  helpOpen: boolean;
}

export interface GraphActions {
  load(doc: PipelineDocument): void;
  toDocument(): PipelineDocument;
  markSaved(): void;
  rename(name: string): void;
  /** Applies one change as one history entry (entries with the same `coalesce` key within a second merge). */
  apply(change: GraphChange, coalesce?: string): void;
  addNode(type: string, position: { x: number; y: number }): string | null;
  /** Adds the edge, or returns why it cannot be. */
  connect(attempt: ConnectAttempt): string | null;
  remove(nodeIds: string[], edgeKeys: string[]): void;
  deleteSelection(): void;
  setParam(nodeId: string, path: (string | number)[], value: unknown): void;
  /** Renames a node (edges follow), or returns why it cannot be. */
  renameNode(from: string, to: string): string | null;
  autoLayout(): void;
  beginMove(): void;
  moveTransient(positions: Record<string, { x: number; y: number }>): void;
  endMove(): void;
  setMeasured(id: string, size: { width: number; height: number }): void;
}

export interface SelectionActions {
  select(nodes: string[], edges?: string[]): void;
  setNodeSelected(id: string, selected: boolean): void;
  setEdgeSelected(key: string, selected: boolean): void;
  clearSelection(): void;
  selectAll(): void;
}

export interface HistoryActions {
  undo(): void;
  redo(): void;
}

export interface ClipboardActions {
  copy(): void;
  paste(): void;
}

export interface UiActions {
  loadCatalogue(): Promise<void>;
  notify(message: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
  setHelpOpen(open: boolean): void;
}

export type EditorState = EditorData &
  GraphActions &
  SelectionActions &
  HistoryActions &
  ClipboardActions &
  UiActions;

export type SetEditor = StoreApi<EditorState>['setState'];
export type GetEditor = StoreApi<EditorState>['getState'];
