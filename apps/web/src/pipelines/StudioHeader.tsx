import { useEffect, useState } from 'react';
import { FlinkExportButton } from '../export/FlinkExportButton';
import { navigate } from '../router';
import { useEditor } from '../store/editor';
import { useLive } from '../store/live';
import { ConflictDialog } from './ConflictDialog';
import { HistoryDialog } from './HistoryDialog';
import { LeaveGuard } from './LeaveGuard';
import { RunControls } from './RunControls';
import { useStudio } from './studioStore';
import './pipelines.css';

/** The studio's top bar: back, name, save state, history, export, and the run controls. */
export function StudioHeader() {
  const name = useEditor((s) => s.name);
  const rename = useEditor((s) => s.rename);
  const dirty = useEditor((s) => s.dirty);
  const pipelineId = useLive((s) => s.pipelineId);
  const version = useLive((s) => s.version);
  const saving = useStudio((s) => s.saving);
  const saveError = useStudio((s) => s.saveError);
  const savedVersion = useStudio((s) => s.savedVersion);
  const save = useStudio((s) => s.save);
  const exportDocument = useStudio((s) => s.exportDocument);
  const [history, setHistory] = useState(false);

  useEffect(() => useStudio.getState().reset, [pipelineId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void useStudio.getState().save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const saveText = saving
    ? 'Saving…'
    : saveError
      ? saveError
      : dirty
        ? 'Unsaved changes'
        : savedVersion !== null
          ? `Saved v${savedVersion}`
          : version !== null
            ? `v${version}`
            : '';

  return (
    <header className="studio-header">
      <button
        className="btn ghost back"
        onClick={() => navigate({ name: 'home' })}
        title="Back to the pipelines"
      >
        ← Pipelines
      </button>
      <div className="name-block">
        <input
          className="name-input"
          data-testid="pipeline-name"
          aria-label="Pipeline name"
          value={name}
          placeholder="Name this pipeline"
          disabled={!pipelineId}
          onChange={(e) => rename(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        />
        <span
          className={`save-state${dirty ? ' dirty' : ''}${saveError ? ' error' : ''}`}
          data-testid="save-state"
        >
          {dirty && <span className="unsaved-dot" data-testid="unsaved-dot" aria-hidden />}
          {saveText}
        </span>
      </div>
      <div className="header-group">
        <button
          className="btn"
          data-testid="save"
          disabled={!pipelineId || saving}
          onClick={() => void save()}
          title="Save a new version (Ctrl+S)"
        >
          Save
        </button>
        <button
          className="btn ghost"
          data-testid="history"
          disabled={!pipelineId}
          onClick={() => setHistory(true)}
        >
          History
        </button>
        <button
          className="btn ghost"
          data-testid="runs-link"
          disabled={!pipelineId}
          onClick={() => pipelineId && navigate({ name: 'runs', pipelineId, runId: null })}
          title="Every run of this pipeline: status, figures, errors and logs"
        >
          Runs
        </button>
        <button
          className="btn ghost"
          data-testid="export"
          disabled={!pipelineId}
          onClick={exportDocument}
        >
          Export
        </button>
        <FlinkExportButton disabled={!pipelineId} />
      </div>
      <div className="header-spacer" />
      <RunControls />
      {history && pipelineId && (
        <HistoryDialog pipelineId={pipelineId} onClose={() => setHistory(false)} />
      )}
      <ConflictDialog />
      <LeaveGuard />
    </header>
  );
}
