import type { NodeFinal, RunSummary, TelemetryMessage } from '@rivulet/shared-types';

/** A duration as "45 s", "12 min 5 s", "3 h 20 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** How long a run ran: until it ended, or until `now` while it runs. */
export function runDuration(run: RunSummary, now = Date.now()): number {
  return (run.finishedAt ?? now) - run.startedAt;
}

/** One node's figures, final or latest. */
export interface NodeFigures {
  nodeId: string;
  recordsIn: number;
  recordsOut: number;
  deadLetters: number;
  lateRecords: number;
}

/**
 * Each node's figures: the run's final metrics once it ended, else the newest kept telemetry
 * (a running run, or one whose worker died before its summary).
 */
export function figuresOf(
  metrics: readonly NodeFinal[] | null,
  latest: TelemetryMessage | undefined,
): NodeFigures[] {
  const nodes = metrics ?? latest?.nodes ?? [];
  return nodes.map(({ nodeId, recordsIn, recordsOut, deadLetters, lateRecords }) => ({
    nodeId,
    recordsIn,
    recordsOut,
    deadLetters,
    lateRecords,
  }));
}
