import { useRef } from 'react';
import { navigate } from '../router';
import { emptyDocument, parsePipelineFile } from './importDocument';
import { usePipelineList } from './listStore';

/** "New pipeline" and "Import": both save a pipeline and open it. */
export function HomeActions() {
  const create = usePipelineList((s) => s.create);
  const setActionError = usePipelineList((s) => s.setActionError);
  const fileInput = useRef<HTMLInputElement>(null);

  const open = (id: string | null) => {
    if (id) navigate({ name: 'editor', pipelineId: id });
  };

  const importFile = async (file: File) => {
    const parsed = parsePipelineFile(await file.text(), file.name);
    if (!parsed.ok) return setActionError(`Import failed: ${parsed.message}`);
    open(await create(parsed.document));
  };

  return (
    <div className="home-actions">
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button
        className="btn"
        onClick={() => fileInput.current?.click()}
        title="Open a pipeline exported as JSON"
      >
        Import…
      </button>
      <button
        className="btn primary"
        data-testid="new-pipeline"
        onClick={() => void create(emptyDocument()).then(open)}
      >
        + New pipeline
      </button>
    </div>
  );
}
