import type { PipelineDocument, PipelineSummary } from '@rivulet/shared-types';
import { create } from 'zustand';
import { api } from '../api/client';
import { failureOf } from '../store/live/runActions';

/** The home screen's list of saved pipelines and what can be done to them. */
export interface PipelineListState {
  status: 'loading' | 'ready' | 'error';
  items: PipelineSummary[];
  error: string | null;
  /** The last failed action, shown above the list. */
  actionError: string | null;
}

export interface PipelineListActions {
  load(): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  duplicate(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Saves a new pipeline and returns its id (null when refused: see actionError). */
  create(document: PipelineDocument): Promise<string | null>;
  setActionError(message: string | null): void;
}

export const usePipelineList = create<PipelineListState & PipelineListActions>()((set, get) => {
  const attempt = async <T>(work: () => Promise<T>): Promise<T | null> => {
    set({ actionError: null });
    try {
      return await work();
    } catch (error) {
      set({ actionError: failureOf(error)?.message ?? 'failed' });
      return null;
    }
  };
  return {
    status: 'loading',
    items: [],
    error: null,
    actionError: null,
    async load() {
      if (get().items.length === 0) set({ status: 'loading' });
      try {
        set({ items: await api.listPipelines(), status: 'ready', error: null });
      } catch (error) {
        set({ status: 'error', error: failureOf(error)?.message ?? 'failed' });
      }
    },
    async rename(id, name) {
      await attempt(async () => {
        const record = await api.getPipeline(id);
        await api.savePipeline(id, { ...record.document, name });
      });
      await get().load();
    },
    async duplicate(id) {
      await attempt(async () => {
        const record = await api.getPipeline(id);
        await api.createPipeline({ ...record.document, name: `${record.name} (copy)` });
      });
      await get().load();
    },
    async remove(id) {
      await attempt(() => api.deletePipeline(id));
      await get().load();
    },
    async create(document) {
      const record = await attempt(() => api.createPipeline(document));
      return record?.id ?? null;
    },
    setActionError(message) {
      set({ actionError: message });
    },
  };
});
