import { lazy, Suspense } from 'react';
import { useRoute } from './router';
import { HomeScreen } from './pipelines/HomeScreen';

// The studio (React Flow, the charts) and the full-screen dashboard are loaded when first
// opened: the pipelines home, the first screen, needs neither.
const StudioScreen = lazy(() =>
  import('./StudioScreen').then((m) => ({ default: m.StudioScreen })),
);
const FullScreenDashboard = lazy(() =>
  import('./dashboard/FullScreenDashboard').then((m) => ({ default: m.FullScreenDashboard })),
);

const RunsScreen = lazy(() => import('./runs/RunsScreen').then((m) => ({ default: m.RunsScreen })));

/** Three places: the pipelines home, the studio (canvas + monitoring), the full-screen dashboard. */
export function App() {
  const route = useRoute();
  return (
    <Suspense fallback={<div className="studio-message">Loading…</div>}>
      {route.name === 'runs' ? (
        <RunsScreen pipelineId={route.pipelineId} runId={route.runId} />
      ) : route.name === 'dashboard' ? (
        <FullScreenDashboard pipelineId={route.pipelineId} />
      ) : route.name === 'editor' ? (
        <StudioScreen key={route.pipelineId} pipelineId={route.pipelineId} />
      ) : (
        <HomeScreen />
      )}
    </Suspense>
  );
}
