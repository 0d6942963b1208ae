import type { NodeTelemetry } from '@rivulet/shared-types';
import { Panel, useReactFlow } from '@xyflow/react';
import { useMemo, useRef } from 'react';
import { useEditor } from '../store/editor';
import { selectRunActive, useLive } from '../store/live';
import { explainBottleneck } from './bottleneck';
import { bottleneckGraph } from './useBottleneck';

/** State is compared with the figures of at least this long ago to tell that it grows. */
const GROWTH_MS = 3000;
const KEEP_MS = 10_000;

type Figures = Record<string, NodeTelemetry>;

/**
 * The figures of a few seconds ago, from the messages this banner saw (the store keeps only the
 * latest): what "and growing" compares with.
 */
function useEarlier(latest: Figures): Figures | undefined {
  const seen = useRef<{ t: number; latest: Figures }[]>([]);
  const list = seen.current;
  const now = Date.now();
  if (list.at(-1)?.latest !== latest) list.push({ t: now, latest });
  while (list.length > 1 && list[0]!.t < now - KEEP_MS) list.shift();
  let earlier: Figures | undefined;
  for (const entry of list) if (entry.t <= now - GROWTH_MS) earlier = entry.latest;
  return earlier;
}

/**
 * A banner over the canvas while a run is live: which node limits throughput and why, in one
 * sentence from the measured figures, updated with each telemetry message. "Show" selects the
 * node and brings it into view; its card carries a "bottleneck" tag meanwhile.
 */
export function BottleneckNote() {
  const active = useLive(selectRunActive);
  const latest = useLive((s) => s.latest);
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const byType = useEditor((s) => s.catalogue.byType);
  const graph = useMemo(() => bottleneckGraph(nodes, edges, byType), [nodes, edges, byType]);
  const earlier = useEarlier(latest);
  const flow = useReactFlow();
  const found = active ? explainBottleneck(latest, graph, earlier) : null;
  if (!found) return null;
  const show = () => {
    useEditor.getState().select([found.nodeId]);
    void flow.fitView({ nodes: [{ id: found.nodeId }], duration: 300, maxZoom: 1.2 });
  };
  return (
    <Panel position="top-left" className="bottleneck-note" data-testid="bottleneck-note">
      <span className="bottleneck-label">
        {found.reason === 'sink' ? 'Slow sink' : 'Bottleneck'}
      </span>
      <span className="bottleneck-sentence" data-testid="bottleneck-sentence">
        {found.sentence}
      </span>
      <button
        className="tool bottleneck-show"
        onClick={show}
        title={`Select ${found.nodeId} and bring it into view`}
        data-testid="bottleneck-show"
      >
        Show
      </button>
    </Panel>
  );
}
