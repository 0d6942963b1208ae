import { useEffect, useState } from 'react';
import type { PipelineDocument, RunHistory, RunSummary } from '@rivulet/shared-types';
import { api } from '../api/client';
import { failureOf } from '../store/live/runActions';
import { isLive } from '../store/live/state';
import { getRunHistory } from './runsApi';

/** While a run is live, its kept history is read again this often. */
const REFRESH_MS = 5000;

/**
 * A run's kept history and the document of the version it ran (to tell sources and sinks
 * apart), read again every few seconds while the run is live.
 */
export function useRunHistory(run: RunSummary): {
  history: RunHistory | null;
  doc: PipelineDocument | null;
  error: string | null;
} {
  const [history, setHistory] = useState<RunHistory | null>(null);
  const [doc, setDoc] = useState<PipelineDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const live = isLive(run.status);

  useEffect(() => {
    let gone = false;
    setHistory(null);
    setDoc(null);
    setError(null);
    api.getVersion(run.pipelineId, run.pipelineVersion).then(
      (v) => !gone && setDoc(v.document),
      // A version always exists while its pipeline does; without it the charts guess.
      () => {},
    );
    return () => {
      gone = true;
    };
  }, [run.id, run.pipelineId, run.pipelineVersion]);

  useEffect(() => {
    let gone = false;
    const load = () =>
      getRunHistory(run.id).then(
        (h) => !gone && (setHistory(h), setError(null)),
        (e: unknown) => !gone && setError(failureOf(e)?.message ?? 'could not read the run'),
      );
    void load();
    const timer = live ? setInterval(() => void load(), REFRESH_MS) : undefined;
    return () => {
      gone = true;
      clearInterval(timer);
    };
  }, [run.id, live, run.status]);

  return { history, doc, error };
}
