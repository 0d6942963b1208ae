/**
 * The fields each node receives, and the warnings about params reading a field their node does
 * not receive, as the engine derives them (POST /api/fields: it samples file sources). Asked
 * ~400 ms after the graph last changed; a late answer is dropped. Warnings never block a run,
 * so they live here, beside the validator's problems rather than among them.
 */
import { FieldsResponse, type NodeFieldsEntry, type Problem } from '@rivulet/shared-types';
import { useEffect } from 'react';
import { create } from 'zustand';
import { useEditor } from '../store/editor';

export interface FieldFlowState {
  nodes: Readonly<Record<string, NodeFieldsEntry>>;
  warnings: readonly Problem[];
  byNode: ReadonlyMap<string, readonly Problem[]>;
}

export const useFieldFlow = create<FieldFlowState>(() => ({
  nodes: {},
  warnings: [],
  byNode: new Map(),
}));

const NONE: readonly Problem[] = [];
export const selectNodeWarnings =
  (nodeId: string) =>
  (s: FieldFlowState): readonly Problem[] =>
    s.byNode.get(nodeId) ?? NONE;
export const selectWarnings = (s: FieldFlowState) => s.warnings;

/** Fields the node receives (a source: those it emits), or null when unknown. */
export function receivedFields(nodeId: string, isSource = false): readonly string[] | null {
  const entry = useFieldFlow.getState().nodes[nodeId];
  return (isSource ? entry?.outputs : entry?.inputs) ?? null;
}

const DEBOUNCE_MS = 400;
let sequence = 0;

async function ask(mine: number): Promise<void> {
  const doc = useEditor.getState().toDocument();
  try {
    const res = await fetch('/api/fields', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    if (!res.ok || mine !== sequence) return;
    const body = FieldsResponse.parse(await res.json());
    if (mine !== sequence) return;
    const byNode = new Map<string, Problem[]>();
    for (const w of body.warnings) {
      if (w.nodeId === undefined) continue;
      byNode.set(w.nodeId, [...(byNode.get(w.nodeId) ?? []), w]);
    }
    useFieldFlow.setState({ nodes: body.nodes, warnings: body.warnings, byNode });
  } catch {
    // The engine unreachable: the validator's own message says so; fields stay as they were.
  }
}

/** Keeps the field flow up to date with the edited graph while mounted. */
export function useFieldFlowSync(): void {
  useEffect(() => {
    // Another pipeline's fields and warnings never show while this one's are asked for.
    useFieldFlow.setState({ nodes: {}, warnings: [], byNode: new Map() });
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void ask(++sequence);
      }, DEBOUNCE_MS);
    };
    schedule();
    const stop = useEditor.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.edges !== prev.edges) schedule();
    });
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
}
