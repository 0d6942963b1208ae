import { useEffect, useState } from 'react';
import { ApiFailure, api } from '../api/client';
import { useEditor } from '../store/editor';
import { useLive } from '../store/live';

export type OpenPipelineState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' };

/**
 * Opens a saved pipeline: its document into the editor, its id into the live store, and
 * monitoring of its run when one is running (so a reload, or a link, picks it up).
 */
export function useOpenPipeline(pipelineId: string): OpenPipelineState {
  const [state, setState] = useState<OpenPipelineState>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    api.getPipeline(pipelineId).then(
      (record) => {
        if (cancelled) return;
        useEditor.getState().load(record.document);
        useLive.getState().openPipeline(record.id, record.version, record.document);
        setState({ status: 'ready' });
        useLive
          .getState()
          .resume(record.id)
          .catch(() => {
            // No run list: the pipeline still opens; Run works as usual.
          });
      },
      (error: unknown) => {
        if (cancelled) return;
        const message =
          error instanceof ApiFailure && error.status === 404
            ? 'This pipeline does not exist (it may have been deleted). Go back to the pipelines to pick another.'
            : `The pipeline could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
        setState({ status: 'error', message });
      },
    );
    return () => {
      cancelled = true;
      // Not detached here: the studio and the dashboard of one pipeline hand its run over to
      // each other. Opening another pipeline, or the home screen, unsubscribes.
    };
  }, [pipelineId]);
  return state;
}
