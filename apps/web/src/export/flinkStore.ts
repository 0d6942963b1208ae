import type { ExportResponse, PipelineDocument, Problem } from '@rivulet/shared-types';
import { create } from 'zustand';
import { api } from '../api/client';
import type { Graph } from '../graph/types';
import { failureOf } from '../store/live/runActions';
import { sameGraph } from './flinkExport';

export type FlinkRequest =
  | { status: 'idle' }
  | { status: 'loading' }
  /** Not answered (engine unreachable), or refused (a body it does not take: `problems`). */
  | { status: 'error'; message: string; problems: Problem[] }
  | { status: 'done'; result: ExportResponse };

/**
 * "Export → Flink SQL": the dialog, the engine's answer and the per-node marks it gives.
 *
 * The marks hold while the editor's graph is the one exported. They stay after the dialog
 * closes (so that, having picked a problem, you see on the canvas which nodes Flink refuses
 * while you fix one), and go as soon as a node, a param or an edge changes: a stale "Flink ✓"
 * would be a lie. Moving nodes keeps them. Leaving the studio forgets everything.
 */
export interface FlinkExportData {
  open: boolean;
  request: FlinkRequest;
  /** The name the pipeline had when exported: the download's file name. */
  pipelineName: string;
  /** The graph the answer is about. */
  exported: Graph | null;
  /** The answer's problems by node; null: no marks. A node of `exported` not in it exports. */
  marks: ReadonlyMap<string, readonly Problem[]> | null;
}

export interface FlinkExportActions {
  /** Opens the dialog and asks the engine for the script of `document` (whose graph is `graph`). */
  exportDocument(document: PipelineDocument, graph: Graph): Promise<void>;
  /** Closes the dialog; the marks stay while the graph is unchanged. */
  close(): void;
  /** The editor's graph now: the marks go when it is no longer the exported one. */
  followEditor(graph: Graph): void;
  /** Forgets the answer and its marks (leaving the studio). */
  forget(): void;
}

export type FlinkExportState = FlinkExportData & FlinkExportActions;

const initial: FlinkExportData = {
  open: false,
  request: { status: 'idle' },
  pipelineName: '',
  exported: null,
  marks: null,
};

/** An exportable node's mark: no problems (one constant, so selectors return a stable value). */
export const EXPORTABLE: readonly Problem[] = Object.freeze([]);

// Each request gets a number; an answer to an older one (asked again, or forgotten) is dropped.
let latest = 0;

export const useFlinkExport = create<FlinkExportState>()((set, get) => ({
  ...initial,

  async exportDocument(document, graph) {
    const ask = ++latest;
    // From now on followEditor watches this graph; a change while the engine answers (undo
    // works with the dialog open) leaves `exported` null, and the answer then marks nothing.
    const before = get();
    const same = before.exported !== null && sameGraph(before.exported, graph);
    set({
      open: true,
      request: { status: 'loading' },
      pipelineName: document.name,
      exported: graph,
      marks: same ? before.marks : null,
    });
    let request: FlinkRequest;
    try {
      request = { status: 'done', result: await api.exportFlinkSql(document) };
    } catch (error) {
      const failure = failureOf(error);
      request = {
        status: 'error',
        message: failure?.message ?? 'the export failed',
        problems: failure?.problems ?? [],
      };
    }
    if (ask !== latest) return;
    if (request.status === 'error') {
      set({ request });
      return;
    }
    const current = get().exported === graph;
    set({ request, marks: current ? marksOf(request.result.problems) : null });
  },

  close: () => set({ open: false }),

  followEditor(graph) {
    const { exported } = get();
    if (exported && !sameGraph(exported, graph)) set({ exported: null, marks: null });
  },

  forget() {
    latest++;
    set(initial);
  },
}));

function marksOf(problems: readonly Problem[]): Map<string, Problem[]> {
  const marks = new Map<string, Problem[]>();
  for (const p of problems) {
    if (p.nodeId === undefined) continue;
    const list = marks.get(p.nodeId);
    if (list) list.push(p);
    else marks.set(p.nodeId, [p]);
  }
  return marks;
}

/**
 * A node's mark: undefined when there is none to show (no export asked, or the graph changed),
 * else the reasons it cannot be exported (EXPORTABLE: none, it can).
 */
export const selectFlinkMark =
  (nodeId: string) =>
  (s: FlinkExportData): readonly Problem[] | undefined =>
    s.marks === null ? undefined : (s.marks.get(nodeId) ?? EXPORTABLE);
