import { useOpenPipeline } from '../pipelines/useOpenPipeline';
import { useLive } from '../store/live';
import { widgetsOf } from '../store/live/shape';
import { DashboardHeader } from './DashboardHeader';
import { WidgetCard } from './WidgetCard';
import './dashboard.css';

/** /p/:id/dashboard: the pipeline's `sink.dashboard` nodes as a wall of live widgets. */
export function FullScreenDashboard({ pipelineId }: { pipelineId: string }) {
  const open = useOpenPipeline(pipelineId);
  const widgets = useLive((s) => s.buffers?.shape.widgets ?? widgetsOf(s.doc));
  const status = useLive((s) => s.runStatus);
  const hasRun = useLive((s) => s.buffers !== null);

  return (
    <div className="dashboard" data-testid="dashboard">
      <DashboardHeader pipelineId={pipelineId} />
      {open.status === 'loading' && <div className="dashboard-message">Loading the dashboard…</div>}
      {open.status === 'error' && <div className="dashboard-message error">{open.message}</div>}
      {open.status === 'ready' && widgets.length === 0 && (
        <div className="dashboard-message">
          <strong>This pipeline has no dashboard sink.</strong>
          <span>
            Add a “Dashboard” sink in the studio and pick its widget: table, line, bar, alerts,
            number or story cards.
          </span>
        </div>
      )}
      {open.status === 'ready' && widgets.length > 0 && (
        <>
          {!hasRun && (
            <div className="dashboard-hint" data-testid="dashboard-idle">
              Start the pipeline to fill this dashboard — use Run above.
            </div>
          )}
          {hasRun && status !== 'running' && (
            <div className="dashboard-hint">
              The run has {status}: the widgets show its last records. Run again to refresh them.
            </div>
          )}
          <main className={`widget-grid count-${Math.min(widgets.length, 6)}`}>
            {widgets.map((w) => (
              <WidgetCard key={w.nodeId} widget={w} />
            ))}
          </main>
        </>
      )}
    </div>
  );
}
