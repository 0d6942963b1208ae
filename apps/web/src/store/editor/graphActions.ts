import { descriptionRegistry } from '@rivulet/operators/descriptions';
import { conform } from '../../graph/conditional';
import { checkConnection } from '../../graph/connect';
import { freshEdgeId, freshId, nodeIdProblem } from '../../graph/ids';
import { indexProblems } from '../../graph/problems';
import { initialParams, type JsonSchema } from '../../graph/schema';
import { fromDocEdge, fromDocNode, type GraphNode } from '../../graph/types';
import { commit, pushHistory, snapshotOf, withGraph } from './commit';
import type { GetEditor, GraphActions, SetEditor } from './state';
import { scheduleValidation } from './validation';

/**
 * Params for a new node: defaults, only those that apply (a generator keeps only its scenario's
 * options); a stricter check by the operator's own zod schema asks for more from the example.
 */
function newParams(type: string, schema: JsonSchema, example: Record<string, unknown>) {
  const params = conform(schema, initialParams(schema, example)) as Record<string, unknown>;
  const parsed = descriptionRegistry.get(type)?.params.safeParse(params);
  if (!parsed || parsed.success) return params;
  const missing = parsed.error.issues
    .map((i) => i.path[0])
    .filter((k): k is string => typeof k === 'string' && !(k in params) && k in example);
  return missing.length > 0
    ? (conform(schema, initialParams(schema, example, missing)) as Record<string, unknown>)
    : params;
}

export const graphActions = (set: SetEditor, get: GetEditor): GraphActions => ({
  load(doc) {
    const { version: _v, name, nodes, edges, ...extra } = doc;
    const graph = { nodes: nodes.map(fromDocNode), edges: edges.map(fromDocEdge) };
    set((s) => ({
      ...withGraph({ ...s, selection: { nodes: [], edges: [] } }, graph),
      name,
      extra,
      dirty: false,
      past: [],
      future: [],
      lastEdit: null,
      dragStart: null,
      problems: [],
      problemIndex: indexProblems([]),
      measured: {},
    }));
    scheduleValidation(get, set, 0);
  },

  toDocument() {
    const s = get();
    // The editor's nodes and edges are the document's own shape: saving is serialising.
    return {
      ...s.extra,
      version: 1,
      name: s.name,
      nodes: s.nodes.map((n) => ({
        id: n.id,
        type: n.type,
        params: n.params,
        position: n.position,
      })),
      edges: s.edges.map((e) => ({ ...e })),
    };
  },

  markSaved: () => set({ dirty: false }),

  rename(name) {
    const s = get();
    if (name === s.name) return;
    set({ ...pushHistory(s, snapshotOf(s), 'pipeline-name'), name });
    scheduleValidation(get, set);
  },

  apply: (change, coalesce) => commit(set, get, change, coalesce),

  addNode(type, position) {
    const s = get();
    const entry = s.catalogue.byType.get(type);
    if (!entry) {
      s.notify(`Unknown operator "${type}".`);
      return null;
    }
    const id = freshId(type, new Set(s.nodeById.keys()));
    const node: GraphNode = {
      id,
      type,
      params: newParams(type, entry.paramsSchema as JsonSchema, entry.example),
      position: { x: Math.round(position.x), y: Math.round(position.y) },
    };
    commit(set, get, { kind: 'add', nodes: [node], edges: [] });
    set({ selection: { nodes: [id], edges: [] } });
    return id;
  },

  connect(attempt) {
    const s = get();
    const check = checkConnection(attempt, s, s.catalogue.byType);
    if (!check.ok) return check.reason;
    const ids = new Set(s.edges.flatMap((e) => (e.id ? [e.id] : [])));
    commit(set, get, { kind: 'connect', edge: { id: freshEdgeId(ids), ...check.edge } });
    return null;
  },

  remove(nodeIds, edgeKeys) {
    if (nodeIds.length === 0 && edgeKeys.length === 0) return;
    commit(set, get, { kind: 'remove', nodeIds, edgeKeys });
  },

  deleteSelection() {
    const { selection, remove } = get();
    remove(selection.nodes, selection.edges);
  },

  setParam(nodeId, path, value) {
    commit(
      set,
      get,
      { kind: 'set-param', nodeId, path, value },
      `param:${nodeId}:${path.join('.')}`,
    );
  },

  renameNode(from, to) {
    const s = get();
    const problem = nodeIdProblem(to, from, new Set(s.nodeById.keys()));
    if (problem) return problem;
    if (from === to) return null;
    commit(set, get, { kind: 'rename-node', from, to });
    const sel = get().selection;
    set({
      selection: { nodes: sel.nodes.map((id) => (id === from ? to : id)), edges: sel.edges },
      measured: { ...get().measured, [to]: s.measured[from] ?? { width: 0, height: 0 } },
    });
    return null;
  },

  autoLayout() {
    // The layout library (dagre) loads on first use: most visits never arrange a graph.
    void import('../../graph/layout').then(({ autoLayout }) => {
      const s = get();
      const sizes = new Map(Object.entries(s.measured));
      commit(set, get, { kind: 'move', positions: autoLayout(s, sizes) });
    });
  },

  beginMove() {
    set((s) => ({ dragStart: snapshotOf(s) }));
  },

  moveTransient(positions) {
    const s = get();
    const graph = { nodes: s.nodes, edges: s.edges };
    const moved = s.nodes.map((n) => {
      const p = positions[n.id];
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    });
    set(withGraph(s, { ...graph, nodes: moved }));
  },

  endMove() {
    const s = get();
    const before = s.dragStart;
    set({ dragStart: null });
    if (!before) return;
    const moved = s.nodes.some((n, i) => before.nodes[i]?.position !== n.position);
    if (!moved) return;
    set(pushHistory(s, before));
  },

  setMeasured(id, size) {
    const prev = get().measured[id];
    if (prev && prev.width === size.width && prev.height === size.height) return;
    set((s) => ({ measured: { ...s.measured, [id]: size } }));
  },
});
