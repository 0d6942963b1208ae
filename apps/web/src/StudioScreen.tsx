import { ReactFlowProvider } from '@xyflow/react';
import { StudioHeader } from './pipelines/StudioHeader';
import { Palette } from './canvas/Palette';
import { Canvas } from './canvas/Canvas';
import { Inspector } from './inspector/Inspector';
import { MonitorPanel } from './monitor/MonitorPanel';
import { useOpenPipeline } from './pipelines/useOpenPipeline';

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
              <MonitorPanel />
            </section>
          </>
        )}
      </div>
    </ReactFlowProvider>
  );
}
