import { snapshotOf, withGraph } from './commit';
import type { GetEditor, HistoryActions, SetEditor } from './state';
import { scheduleValidation } from './validation';

export const historyActions = (set: SetEditor, get: GetEditor): HistoryActions => ({
  undo() {
    const s = get();
    const before = s.past[s.past.length - 1];
    if (!before) return;
    set({
      ...withGraph(s, before),
      name: before.name,
      past: s.past.slice(0, -1),
      future: [...s.future, snapshotOf(s)],
      lastEdit: null,
      dirty: true,
    });
    scheduleValidation(get, set);
  },
  redo() {
    const s = get();
    const after = s.future[s.future.length - 1];
    if (!after) return;
    set({
      ...withGraph(s, after),
      name: after.name,
      past: [...s.past, snapshotOf(s)],
      future: s.future.slice(0, -1),
      lastEdit: null,
      dirty: true,
    });
    scheduleValidation(get, set);
  },
});
