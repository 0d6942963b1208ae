import { useEffect, useState } from 'react';
import type { PipelineVersion } from '@rivulet/shared-types';
import { api } from '../api/client';
import { useLive } from '../store/live';
import { failureOf } from '../store/live/runActions';
import { LiveDialog } from '../ui/LiveDialog';
import { formatAgo } from '../ui/liveFormat';
import { useStudio } from './studioStore';

type VersionMeta = Omit<PipelineVersion, 'document'>;

/** Every saved version, newest first; view one's document, or restore it into the editor. */
export function HistoryDialog({
  pipelineId,
  onClose,
}: {
  pipelineId: string;
  onClose: () => void;
}) {
  const current = useLive((s) => s.version);
  const restore = useStudio((s) => s.restore);
  const [versions, setVersions] = useState<VersionMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<PipelineVersion | null>(null);

  useEffect(() => {
    api
      .listVersions(pipelineId)
      .then(setVersions, (e: unknown) => setError(failureOf(e)?.message ?? 'failed'));
  }, [pipelineId, current]);

  const view = (version: number) =>
    api
      .getVersion(pipelineId, version)
      .then(setViewing, (e: unknown) => setError(failureOf(e)?.message ?? 'failed'));

  return (
    <LiveDialog title="Version history" onClose={onClose} wide testId="history-dialog">
      {error && <p className="error-text">{error}</p>}
      {!versions && !error && <p className="muted">Loading versions…</p>}
      <div className="history">
        <ul className="history-list">
          {versions?.map((v) => (
            <li key={v.version} className={viewing?.version === v.version ? 'selected' : ''}>
              <button
                className="link"
                onClick={() => void view(v.version)}
                data-testid={`history-version-${v.version}`}
              >
                v{v.version}
                {v.version === current && <span className="tag">current</span>}
              </button>
              <span className="muted" title={new Date(v.createdAt).toLocaleString()}>
                {formatAgo(v.createdAt)}
              </span>
            </li>
          ))}
        </ul>
        <div className="history-view">
          {viewing ? (
            <>
              <div className="history-view-head">
                <span>
                  v{viewing.version} · “{viewing.document.name}” · {viewing.document.nodes.length}{' '}
                  nodes, {viewing.document.edges.length} edges
                </span>
                <button
                  className="btn primary small"
                  data-testid="restore-version"
                  onClick={() => {
                    restore(viewing);
                    onClose();
                  }}
                >
                  Restore into the editor
                </button>
              </div>
              <pre className="history-json">{JSON.stringify(viewing.document, null, 2)}</pre>
              <p className="muted small">
                Restoring loads this version as unsaved changes; save to make it the newest version.
              </p>
            </>
          ) : (
            <p className="muted">Pick a version to see it.</p>
          )}
        </div>
      </div>
    </LiveDialog>
  );
}
