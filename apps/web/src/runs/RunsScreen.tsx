import { useCallback, useEffect, useState } from 'react';
import type { RunSummary, StatusMessage } from '@rivulet/shared-types';
import { api } from '../api/client';
import { engineSocket } from '../api/socket';
import { navigate } from '../router';
import { failureOf } from '../store/live/runActions';
import { RunDetail } from './RunDetail';
import { RunList } from './RunList';
import '../monitor/monitor.css';
import '../pipelines/pipelines.css';
import './runs.css';

/** A pipeline's run history: every run (status, version, figures, error) and one run's detail. */
export function RunsScreen({ pipelineId, runId }: { pipelineId: string; runId: string | null }) {
  const [name, setName] = useState<string | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api.listRuns(pipelineId).then(
        (list) => (setRuns(list), setError(null)),
        (e: unknown) => setError(failureOf(e)?.message ?? 'could not list the runs'),
      ),
    [pipelineId],
  );

  useEffect(() => {
    api.getPipeline(pipelineId).then(
      (p) => setName(p.document.name || 'Untitled'),
      (e: unknown) => setError(failureOf(e)?.message ?? 'no such pipeline'),
    );
    void load();
    // Runs start and end while the page is open: the list follows.
    const socket = engineSocket();
    const onStatus = (m: StatusMessage) => m.pipelineId === pipelineId && void load();
    socket.on('status', onStatus);
    return () => {
      socket.off('status', onStatus);
    };
  }, [pipelineId, load]);

  const selected = runs?.find((r) => r.id === runId) ?? runs?.[0] ?? null;
  const select = (id: string) => navigate({ name: 'runs', pipelineId, runId: id }, true);

  return (
    <div className="home runs-screen" data-testid="runs-screen">
      <header className="home-header">
        <div className="runs-title">
          <button className="btn ghost" onClick={() => navigate({ name: 'home' })}>
            ← Pipelines
          </button>
          <h1>
            Runs of <span data-testid="runs-pipeline-name">{name ?? '…'}</span>
          </h1>
        </div>
        <div className="home-actions">
          <button
            className="btn"
            data-testid="open-studio"
            onClick={() => navigate({ name: 'editor', pipelineId })}
          >
            Open in studio
          </button>
        </div>
      </header>
      <main className="home-main">
        {error && (
          <div className="banner error" role="alert">
            <span>{error}</span>
          </div>
        )}
        {runs === null ? (
          !error && <p className="muted">Loading runs…</p>
        ) : (
          <RunList runs={runs} selected={selected?.id ?? null} onSelect={select} />
        )}
        {runId !== null && runs !== null && !runs.some((r) => r.id === runId) && (
          <p className="muted">That run is not among this pipeline’s last {runs.length} runs.</p>
        )}
        {selected && <RunDetail key={selected.id} run={selected} />}
      </main>
    </div>
  );
}
