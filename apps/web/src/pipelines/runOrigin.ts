import type { RunSummary } from '@rivulet/shared-types';
import { formatHourMinute } from '../ui/liveFormat';

export type Recovery = RunSummary['recoveries'][number];
export type Restored = NonNullable<RunSummary['restored']>;

/** Where a run's state came from and went: what the run controls and the checkpoints tab say. */
export interface RunOrigin {
  recoveries: readonly Recovery[];
  restored: Restored | null;
  /** The savepoint its stop took. */
  savepointId: string | null;
}

/** A run summary's origin; fields an older engine leaves out read as none. */
export function originOf(run: RunSummary): RunOrigin {
  const partial = run as Partial<RunSummary>;
  return {
    recoveries: partial.recoveries ?? [],
    restored: partial.restored ?? null,
    savepointId: partial.savepointId ?? null,
  };
}

export const recoveryText = (r: Recovery): string =>
  `resumed from checkpoint ${r.checkpoint} at ${formatHourMinute(r.at)}`;

/** Ids are UUIDs: their first 8 characters name them in text, as a short git hash does. */
export const shortId = (id: string): string => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

const names = (ids: readonly string[]): string => ids.map((id) => `“${id}”`).join(', ');

/** What starting from a savepoint did with the saved state, a sentence a line. */
export function restoredLines(restored: Restored): string[] {
  const lines = [`started from savepoint ${shortId(restored.savepointId)}`];
  // A node whose state was dropped also starts empty: it is told once, as dropped.
  const dropped = new Set(restored.droppedNodes);
  const fresh = restored.emptyNodes.filter((id) => !dropped.has(id));
  if (fresh.length > 0)
    lines.push(
      `${names(fresh)} started empty: the savepoint has no state for ${fresh.length === 1 ? 'it' : 'them'}`,
    );
  if (dropped.size > 0)
    lines.push(`saved state of ${names([...dropped])} dropped: it no longer fit`);
  return lines;
}

/**
 * The one line beside the run's status: the latest thing that happened to its state (a
 * savepoint its stop took, else its last recovery, else the savepoint it started from), and
 * the whole story for the tooltip. Null for a run that started fresh and never resumed.
 */
export function runNote(origin: RunOrigin): { text: string; detail: string } | null {
  const story = [
    ...(origin.restored ? restoredLines(origin.restored) : []),
    ...origin.recoveries.map(recoveryText),
    ...(origin.savepointId ? [`stopped with savepoint ${shortId(origin.savepointId)}`] : []),
  ].join('\n');
  const last = origin.recoveries.at(-1);
  if (origin.savepointId)
    return { text: `savepoint ${shortId(origin.savepointId)} taken`, detail: story };
  if (last) {
    const times = origin.recoveries.length;
    return { text: recoveryText(last) + (times > 1 ? ` (${times} times)` : ''), detail: story };
  }
  if (origin.restored)
    return { text: `from savepoint ${shortId(origin.restored.savepointId)}`, detail: story };
  return null;
}
