import { useCallback, useMemo } from 'react';
import { autocompleteFields } from '../graph/fields';
import { editParams, reshaped } from '../graph/conditional';
import { receivedFields, selectNodeWarnings, useFieldFlow } from './fieldFlow';
import type { JsonSchema } from '../graph/schema';
import type { GraphNode } from '../graph/types';
import { categoryLook } from '../canvas/categories';
import { selectEntry, selectNodeProblems, useEditor } from '../store/editor';
import { selectRestoreProblems, useLive } from '../store/live';
import { NodeIdField } from './NodeIdField';
import { withCode } from './withCode';
import { ProblemList } from './ProblemList';
import { SchemaForm } from './SchemaForm';
import { WarningList } from './WarningList';

const NO_PROBLEMS: never[] = [];

/** Records a run showed at a node, read defensively: the live store's shape is its own. */
function liveSamples(nodeId: string): unknown[] {
  const live = useLive.getState() as {
    buffers?: { samples?: Map<string, { record?: unknown }[]> } | null;
  };
  const rows = live.buffers?.samples?.get(nodeId);
  return Array.isArray(rows) ? rows.map((r) => r.record ?? r) : [];
}

/** The selected node: id, what the operator does, its params form and its problems. */
export function NodeInspector({ node }: { node: GraphNode }) {
  const entry = useEditor(selectEntry(node.type));
  const problems = useEditor(selectNodeProblems(node.id)) ?? NO_PROBLEMS;
  // A start from a savepoint refused: this node's saved state does not fit it.
  const stateProblems = useLive(selectRestoreProblems(node.id));
  const warnings = useFieldFlow(selectNodeWarnings(node.id));
  const setParam = useEditor((s) => s.setParam);
  const remove = useEditor((s) => s.remove);
  const look = categoryLook(entry?.category);
  const schema = entry?.paramsSchema as JsonSchema | undefined;

  // An edit that makes params apply or not (a window's kind…) stores only those that apply.
  const onChange = useCallback(
    (path: (string | number)[], value: unknown) => {
      const params = useEditor.getState().nodeById.get(node.id)?.params ?? {};
      const next = schema ? editParams(schema, params, path, value) : params;
      if (schema && reshaped(params, next, path, value)) setParam(node.id, [], next);
      else setParam(node.id, path, value);
    },
    [setParam, node.id, schema],
  );
  // The fields the node receives as the engine derives them, then what samples and params name.
  const fieldNames = useCallback(() => {
    const s = useEditor.getState();
    // A source's own params (its event-time field) name the fields it emits.
    const isSource = (s.catalogue.byType.get(node.type)?.inputs.length ?? 1) === 0;
    const known = receivedFields(node.id, isSource) ?? [];
    const guessed = autocompleteFields(node.id, s, s.catalogue.byType, liveSamples);
    return [...new Set([...known, ...guessed])];
  }, [node.id]);
  // Problems the form cannot show beside a field: the node's own, or about an unknown param.
  const loose = useMemo(
    () =>
      problems.filter(
        (p) =>
          p.path === undefined ||
          p.path.length === 0 ||
          !(String(p.path[0]) in (schema?.properties ?? {})),
      ),
    [problems, schema],
  );

  // Warnings the form shows beside their field stay there; only the others are listed here.
  const looseWarnings = useMemo(
    () => warnings.filter((w) => !(String(w.path?.[0]) in (schema?.properties ?? {}))),
    [warnings, schema],
  );

  return (
    <div className="inspector" data-testid="inspector-node">
      <header className="inspector-head" style={{ ['--cat' as string]: look.color }}>
        <span className="node-glyph">{look.glyph}</span>
        <div>
          <div className="inspector-title">{entry?.title ?? node.type}</div>
          <div className="inspector-type mono">{node.type}</div>
        </div>
        <button
          type="button"
          className="btn danger small"
          onClick={() => remove([node.id], [])}
          title="Delete this node (Delete)"
          data-testid="delete-node"
        >
          Delete
        </button>
      </header>
      {entry ? (
        <p className="inspector-desc">{withCode(entry.description)}</p>
      ) : (
        <p className="inspector-desc bad">Unknown operator type “{node.type}”.</p>
      )}
      <NodeIdField key={node.id} id={node.id} />
      {loose.length > 0 && <ProblemList problems={loose} inNode />}
      {looseWarnings.length > 0 && <WarningList warnings={looseWarnings} inNode />}
      {stateProblems && (
        <>
          <h4 className="inspector-section">Saved state</h4>
          <ProblemList problems={stateProblems} inNode />
        </>
      )}
      {schema && (
        <>
          <h4 className="inspector-section">Settings</h4>
          <SchemaForm
            nodeId={node.id}
            schema={schema}
            params={node.params}
            problems={problems}
            warnings={warnings}
            fieldNames={fieldNames}
            onChange={onChange}
          />
        </>
      )}
    </div>
  );
}
