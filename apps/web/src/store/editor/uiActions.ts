import { api } from '../../api/client';
import type { GetEditor, SetEditor, UiActions } from './state';

let noticeId = 0;

export const uiActions = (set: SetEditor, get: GetEditor): UiActions => ({
  async loadCatalogue() {
    const { status } = get().catalogue;
    if (status === 'loading' || status === 'ready') return;
    set((s) => ({ catalogue: { ...s.catalogue, status: 'loading', message: null } }));
    try {
      const entries = await api.operators();
      set({
        catalogue: {
          status: 'ready',
          entries,
          byType: new Map(entries.map((e) => [e.type, e])),
          message: null,
        },
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      set((s) => ({ catalogue: { ...s.catalogue, status: 'error', message } }));
    }
  },
  notify(message, tone = 'error') {
    set({ notice: { id: ++noticeId, message, tone } });
  },
  dismissNotice(id) {
    if (get().notice?.id === id) set({ notice: null });
  },
  setHelpOpen: (helpOpen) => set({ helpOpen }),
});
