import type { NodeTelemetry, Problem } from '@rivulet/shared-types';
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { SampleRow } from './live/buffers';
import { runActions } from './live/runActions';
import { savepointActions } from './live/savepointActions';
import { sessionActions } from './live/session';
import { initialLive, isLive, type LiveState, type LiveStore } from './live/state';

export {
  initialLive,
  isLive,
  NO_ORIGIN,
  type LiveRunStatus,
  type LiveState,
  type LiveStore,
  type RestoreRefusal,
} from './live/state';

export const useLive = create<LiveStore>()((set, get) => ({
  ...initialLive,
  ...sessionActions(set, get),
  ...runActions(set, get),
  ...savepointActions(set, get),
}));

export const selectNodeStats =
  (nodeId: string) =>
  (s: LiveState): NodeTelemetry | undefined =>
    s.latest[nodeId];

export const selectRunActive = (s: LiveState): boolean => isLive(s.runStatus);

/** True once a run was attached in this session: monitoring has something to show. */
export const selectHasRun = (s: LiveState): boolean => s.runId !== null && s.buffers !== null;

export const selectSamples =
  (nodeId: string) =>
  (s: LiveState): SampleRow[] =>
    s.frozen[nodeId] ?? s.buffers?.samples.get(nodeId) ?? EMPTY_ROWS;

export const selectPaused =
  (nodeId: string) =>
  (s: LiveState): boolean =>
    nodeId in s.frozen;

const EMPTY_ROWS: SampleRow[] = [];

/** Saved state that does not fit this node, from a refused start from a savepoint. */
export const selectRestoreProblems =
  (nodeId: string) =>
  (s: LiveState): readonly Problem[] | undefined =>
    s.restoreRefusal?.index.byNode.get(nodeId);

/** How often a chart redraws at most, whatever the rate of telemetry and samples. */
export const CHART_REDRAW_MS = 500;

/**
 * A counter of the store (`tick`: telemetry, `samplesTick`: sink samples) as a chart should see
 * it: it changes at most every CHART_REDRAW_MS (the last change is never lost), and the store's
 * other changes do not re-render the chart.
 */
export function useChartTick(key: 'tick' | 'samplesTick', ms = CHART_REDRAW_MS): number {
  const [value, setValue] = useState(() => useLive.getState()[key]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const show = () => {
      timer = null;
      last = performance.now();
      setValue(useLive.getState()[key]);
    };
    const stop = useLive.subscribe((s, prev) => {
      if (s[key] === prev[key] || timer !== null) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    });
    show();
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [key, ms]);
  return value;
}
