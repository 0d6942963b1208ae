import type { CheckpointTelemetry } from '@rivulet/shared-types';

/**
 * The run's checkpoint figures after one telemetry message: the message's own, null when the
 * run takes none (an engine from before checkpoints sends no field: also null). Unchanged
 * figures keep the previous object, so the panel redraws when a checkpoint completes or fails,
 * not with every message four times a second.
 */
export function nextCheckpoints(
  previous: CheckpointTelemetry | null,
  incoming: CheckpointTelemetry | null | undefined,
): CheckpointTelemetry | null {
  const next = incoming ?? null;
  if (previous === null || next === null) return next;
  return sameCheckpoints(previous, next) ? previous : next;
}

function sameCheckpoints(a: CheckpointTelemetry, b: CheckpointTelemetry): boolean {
  if (a.completed !== b.completed || a.failed !== b.failed) return false;
  if (a.last === null || b.last === null) return a.last === b.last;
  return (
    a.last.id === b.last.id &&
    a.last.at === b.last.at &&
    a.last.durationMs === b.last.durationMs &&
    a.last.bytes === b.last.bytes
  );
}
