import { lazy, Suspense } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { StudioHeader } from './pipelines/StudioHeader';
import { Palette } from './canvas/Palette';
import { Canvas } from './canvas/Canvas';
import { Inspector } from './inspector/Inspector';
import { useOpenPipeline } from './pipelines/useOpenPipeline';

// The charts (recharts) load after the canvas: the studio is usable before they arrive.
const MonitorPanel = lazy(() =>
  import('./monitor/MonitorPanel').then((m) => ({ default: m.MonitorPanel })),
);

/**
 * The studio: header (name, save, run), palette | canvas | inspector, and the monitoring panel
 * below. Layout only; each region is its own component.
 */
export function StudioScreen({ pipelineId }: { pipelineId: string }) {
  const state = useOpenPipeline(pipelineId);
  return (
    <ReactFlowProvider>
      <div className="studio">
        <StudioHeader />
        {state.status === 'loading' && <div className="studio-message">Loading the pipeline…</div>}
        {state.status === 'error' && <div className="studio-message error">{state.message}</div>}
        {state.status === 'ready' && (
          <>
            <aside className="studio-palette">
              <Palette />
            </aside>
            <main className="studio-canvas">
              <Canvas />
            </main>
            <aside className="studio-inspector">
              <Inspector />
            </aside>
            <section className="studio-monitor">
              <Suspense fallback={<div className="studio-message">Loading the monitor…</div>}>
                <MonitorPanel />
              </Suspense>
            </section>
          </>
        )}
      </div>
    </ReactFlowProvider>
  );
}
