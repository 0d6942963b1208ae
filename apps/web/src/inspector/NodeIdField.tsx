import { useState } from 'react';
import { useEditor } from '../store/editor';

/** The node's id: renamed on Enter or when leaving the field; edges follow. */
export function NodeIdField({ id }: { id: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const problem = useEditor.getState().renameNode(id, draft.trim());
    setError(problem);
    if (!problem) setDraft(null);
  };
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label className="field-label" htmlFor="node-id-input">
        Node id
      </label>
      <input
        id="node-id-input"
        className="mono"
        value={draft ?? id}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
        data-testid="node-id"
        spellCheck={false}
      />
      {error ? (
        <div className="field-problem" data-testid="field-problem">
          {error}
        </div>
      ) : (
        <div className="field-help">Unique; edges and problems use it. Enter to rename.</div>
      )}
    </div>
  );
}
