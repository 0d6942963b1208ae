import type { PeekResponse } from '@rivulet/shared-types';
import { useEffect, useState } from 'react';
import { fetchPeek, PeekFailure } from './peekApi';
import type { PeekTarget } from './inspectStore';

/** How often an open peek asks the engine (the engine samples for 30 s after each ask). */
export const PEEK_POLL_MS = 1000;

export interface PeekView {
  /** The engine's last answer (null before the first). */
  latest: PeekResponse | null;
  /** Why the last ask failed (null after a good one). */
  error: PeekFailure | null;
}

/**
 * Polls the records on an edge while it is open and the run is live, whether or not the view
 * is paused: polling keeps the engine sampling, so a resume catches up at once.
 */
export function usePeek(runId: string | null, target: PeekTarget | null, live: boolean): PeekView {
  const [view, setView] = useState<PeekView>({ latest: null, error: null });
  const source = target?.source ?? null;
  const port = target?.port ?? null;
  useEffect(() => {
    setView({ latest: null, error: null });
  }, [runId, source, port]);
  useEffect(() => {
    if (!runId || source === null || port === null || !live) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      try {
        const latest = await fetchPeek(runId, source, port);
        if (!stopped) setView({ latest, error: null });
      } catch (error) {
        const failure =
          error instanceof PeekFailure ? error : new PeekFailure(String(error), false);
        if (!stopped) setView((v) => ({ latest: v.latest, error: failure }));
        if (failure.ended) return;
      }
      if (!stopped) timer = setTimeout(() => void ask(), PEEK_POLL_MS);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId, source, port, live]);
  return view;
}
