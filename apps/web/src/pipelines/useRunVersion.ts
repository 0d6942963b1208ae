import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useLive } from '../store/live';

/** The pipeline version the followed run runs (from its summary), or null until known. */
export function useRunVersion(): number | null {
  const runId = useLive((s) => s.runId);
  const [known, setKnown] = useState<{ runId: string; version: number } | null>(null);
  useEffect(() => {
    if (!runId) return;
    let cancelled = false;
    api.getRun(runId).then(
      (run) => !cancelled && setKnown({ runId: run.id, version: run.pipelineVersion }),
      () => {
        // Unknown: the banner says nothing rather than a guess.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [runId]);
  return known && known.runId === runId ? known.version : null;
}
