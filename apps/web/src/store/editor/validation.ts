import { api } from '../../api/client';
import { indexProblems } from '../../graph/problems';
import type { GetEditor, SetEditor } from './state';

const DEBOUNCE_MS = 300;
let timer: ReturnType<typeof setTimeout> | null = null;
let sequence = 0;

/** Asks the engine's validator about the document ~300 ms after the last edit; late answers are dropped. */
export function scheduleValidation(get: GetEditor, set: SetEditor, delay = DEBOUNCE_MS): void {
  if (timer !== null) clearTimeout(timer);
  set({ validation: { status: 'pending', message: null } });
  timer = setTimeout(() => {
    timer = null;
    const mine = ++sequence;
    api.validate(get().toDocument()).then(
      (res) => {
        if (mine !== sequence) return;
        set({
          problems: res.problems,
          problemIndex: indexProblems(res.problems),
          validation: { status: 'done', message: null },
        });
      },
      (err: unknown) => {
        if (mine !== sequence) return;
        const message = err instanceof Error ? err.message : String(err);
        set({
          validation: {
            status: 'error',
            message: `Could not check the pipeline: ${message}. Problems shown may be out of date.`,
          },
        });
      },
    );
  }, delay);
}
