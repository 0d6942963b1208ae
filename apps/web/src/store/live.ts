import type { NodeTelemetry, Problem } from '@rivulet/shared-types';
import { create } from 'zustand';
import type { SampleRow } from './live/buffers';
import { runActions, type RunActions } from './live/runActions';
import { savepointActions, type SavepointActions } from './live/savepointActions';
import { sessionActions, type SessionActions } from './live/session';
import { initialLive, isLive, type LiveState } from './live/state';

export {
  initialLive,
  isLive,
  NO_ORIGIN,
  type LiveRunStatus,
  type LiveState,
  type RestoreRefusal,
} from './live/state';

export type LiveStore = LiveState & SessionActions & RunActions & SavepointActions;

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
