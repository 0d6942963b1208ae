import { useRoute } from './router';
import { HomeScreen } from './pipelines/HomeScreen';
import { StudioScreen } from './StudioScreen';
import { FullScreenDashboard } from './dashboard/FullScreenDashboard';

/** Three places: the pipelines home, the studio (canvas + monitoring), the full-screen dashboard. */
export function App() {
  const route = useRoute();
  if (route.name === 'dashboard') return <FullScreenDashboard pipelineId={route.pipelineId} />;
  if (route.name === 'editor')
    return <StudioScreen key={route.pipelineId} pipelineId={route.pipelineId} />;
  return <HomeScreen />;
}
