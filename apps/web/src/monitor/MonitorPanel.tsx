import { lazy, Suspense, useState } from 'react';
import { isLive, selectHasRun, useLive } from '../store/live';
import { formatCount } from '../ui/liveFormat';
import { CheckpointsPanel } from './CheckpointsPanel';
import { CheckpointsTabCount } from './CheckpointsTabCount';
import { CountsCard } from './CountsCard';
import { SamplesTable } from './SamplesTable';
import './monitor.css';

// The charts (recharts, the largest library of the app) load once a run is followed: the
// studio's first load does without them.
const ThroughputChart = lazy(() =>
  import('./ThroughputChart').then((m) => ({ default: m.ThroughputChart })),
);
const LatencyChart = lazy(() =>
  import('./LatencyChart').then((m) => ({ default: m.LatencyChart })),
);
const WatermarkLagChart = lazy(() =>
  import('./WatermarkLagChart').then((m) => ({ default: m.WatermarkLagChart })),
);
const loadingCharts = <div className="chart-empty">Loading the charts…</div>;

type Tab = 'metrics' | 'output' | 'checkpoints';

/** The studio's bottom panel: live metrics and each sink's output, once a run is followed. */
export function MonitorPanel() {
  const hasRun = useLive(selectHasRun);
  const sinks = useLive((s) => s.buffers?.shape.sinks);
  const dead = useLive((s) => s.deadLetters);
  const status = useLive((s) => s.runStatus);
  const [tab, setTab] = useState<Tab>('metrics');

  if (!hasRun) {
    return (
      <div className="monitor-empty" data-testid="monitor-empty">
        <svg viewBox="0 0 48 24" width="48" height="24" aria-hidden>
          <path
            d="M2 18 L12 10 L20 14 L30 4 L38 9 L46 6"
            stroke="var(--accent)"
            strokeWidth="2"
            fill="none"
            opacity="0.6"
          />
        </svg>
        <strong>Run the pipeline to see live throughput, latency and output</strong>
        <span className="muted">
          Charts of every node and a table of each sink’s records appear here.
        </span>
      </div>
    );
  }

  return (
    <div className="monitor" data-testid="monitor-panel" data-status={status}>
      <nav className="monitor-tabs" role="tablist">
        <button
          role="tab"
          aria-selected={tab === 'metrics'}
          data-testid="monitor-tab-metrics"
          onClick={() => setTab('metrics')}
        >
          Metrics
        </button>
        <button
          role="tab"
          aria-selected={tab === 'output'}
          data-testid="monitor-tab-output"
          onClick={() => setTab('output')}
        >
          Output <span className="tab-count">{sinks?.length ?? 0}</span>
        </button>
        <button
          role="tab"
          aria-selected={tab === 'checkpoints'}
          data-testid="monitor-tab-checkpoints"
          onClick={() => setTab('checkpoints')}
        >
          Checkpoints <CheckpointsTabCount />
        </button>
        {dead > 0 && <span className="tab-note bad">{formatCount(dead)} dead letters</span>}
        {status === 'recovering' && (
          <span className="tab-note warn">Resuming from its latest checkpoint…</span>
        )}
        {!isLive(status) && (
          <span className="tab-note">Run {status}: showing its last figures</span>
        )}
      </nav>
      {tab === 'checkpoints' ? (
        <CheckpointsPanel />
      ) : tab === 'metrics' ? (
        <Suspense fallback={loadingCharts}>
          <div className="metrics-grid">
            <ThroughputChart />
            <LatencyChart />
            <div className="metrics-side">
              <WatermarkLagChart />
              <CountsCard />
            </div>
          </div>
        </Suspense>
      ) : (
        <div className="output-grid">
          {(sinks ?? []).length === 0 && (
            <div className="chart-empty">This pipeline has no sink.</div>
          )}
          {(sinks ?? []).map((id) => (
            <SamplesTable key={id} nodeId={id} />
          ))}
        </div>
      )}
    </div>
  );
}
