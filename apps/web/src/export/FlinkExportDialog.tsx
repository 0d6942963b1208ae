import { useEffect, useRef, useState } from 'react';
import { LiveDialog } from '../ui/LiveDialog';
import { copyText, downloadText } from './download';
import { sqlFileName } from './flinkExport';
import { FlinkProblems } from './FlinkProblems';
import { FlinkScript } from './FlinkScript';
import { useFlinkExport } from './flinkStore';
import './flinkExport.css';

type CopyState = 'idle' | 'copied' | 'failed';

/** The answer of "Export → Flink SQL": the script to copy or download, or why there is none. */
export function FlinkExportDialog({ onRetry }: { onRetry: () => void }) {
  const request = useFlinkExport((s) => s.request);
  const pipelineName = useFlinkExport((s) => s.pipelineName);
  const close = useFlinkExport((s) => s.close);
  const preRef = useRef<HTMLPreElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');
  const script = request.status === 'done' ? request.result.script : null;

  useEffect(() => setCopy('idle'), [script]);
  useEffect(() => {
    if (copy !== 'copied') return;
    const t = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(t);
  }, [copy]);

  const fileName = sqlFileName(pipelineName);
  const close_ = (
    <button className="btn" onClick={close} data-testid="flink-export-close">
      Close
    </button>
  );
  let actions = close_;
  if (script !== null)
    actions = (
      <>
        <span className="flink-copy-state muted small" role="status" data-testid="flink-copy-state">
          {copy === 'copied' && '✓ Copied to the clipboard'}
          {copy === 'failed' && 'The browser refused: the script is selected, press Ctrl+C'}
        </span>
        <button
          className="btn"
          data-testid="flink-copy"
          onClick={() =>
            void copyText(script, preRef.current).then((ok) => setCopy(ok ? 'copied' : 'failed'))
          }
        >
          Copy
        </button>
        <button
          className="btn primary"
          data-testid="flink-download"
          title={`Save the script as ${fileName}`}
          onClick={() => downloadText(script, fileName, 'application/sql')}
        >
          Download {fileName}
        </button>
        {close_}
      </>
    );
  else if (request.status === 'error')
    actions = (
      <>
        <button className="btn primary" onClick={onRetry} data-testid="flink-export-retry">
          Try again
        </button>
        {close_}
      </>
    );

  return (
    <LiveDialog
      title="Export → Flink SQL"
      onClose={close}
      wide
      testId="flink-export-dialog"
      actions={actions}
    >
      {request.status === 'loading' && (
        <p className="muted flink-loading" role="status" data-testid="flink-export-loading">
          <span className="flink-spinner" aria-hidden />
          Translating “{pipelineName}” to Flink SQL…
        </p>
      )}
      {request.status === 'error' && (
        <div className="flink-error" role="alert" data-testid="flink-export-error">
          <strong>No export: {request.message}</strong>
          {request.problems.length > 0 && (
            <ul>
              {request.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          )}
          <p className="muted small">
            Nothing in the pipeline changed. Try again once the engine answers.
          </p>
        </div>
      )}
      {request.status === 'done' &&
        (script !== null ? (
          <FlinkScript script={script} pipelineName={pipelineName} preRef={preRef} />
        ) : (
          <FlinkProblems problems={request.result.problems} onPick={close} />
        ))}
    </LiveDialog>
  );
}
