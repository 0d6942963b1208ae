import { useEffect } from 'react';
import { engineSocket } from '../api/socket';
import { useLive } from '../store/live';
import { usePipelineList } from './listStore';
import { PipelineList } from './PipelineList';
import { TemplateGallery } from './TemplateGallery';
import { HomeActions } from './HomeActions';
import './pipelines.css';

/** The start page: the templates gallery and the saved pipelines. */
export function HomeScreen() {
  const load = usePipelineList((s) => s.load);
  const actionError = usePipelineList((s) => s.actionError);
  const setActionError = usePipelineList((s) => s.setActionError);
  useEffect(() => {
    // Back home: stop following the last pipeline's run.
    useLive.getState().detach();
    void load();
    // Runs start and end elsewhere (other tabs, the CLI's server): keep the "Last run" column true.
    const socket = engineSocket();
    const refresh = () => void load();
    socket.on('status', refresh);
    return () => {
      socket.off('status', refresh);
    };
  }, [load]);

  return (
    <div className="home">
      <header className="home-header">
        <div className="brand">
          <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden>
            <path
              d="M4 22c6-10 10 4 16-6s8-4 8-4"
              stroke="var(--accent)"
              strokeWidth="4"
              fill="none"
              strokeLinecap="round"
            />
          </svg>
          <span>Rivulet</span>
          <small>stream-processing studio</small>
        </div>
        <HomeActions />
      </header>
      <main className="home-main">
        {actionError && (
          <div className="banner error" role="alert">
            <span>{actionError}</span>
            <button className="icon-btn" aria-label="Dismiss" onClick={() => setActionError(null)}>
              ×
            </button>
          </div>
        )}
        <TemplateGallery />
        <PipelineList />
      </main>
    </div>
  );
}
