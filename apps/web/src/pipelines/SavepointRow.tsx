import type { SavepointSummary } from '@rivulet/shared-types';
import { useState } from 'react';
import { formatAgo, formatBytes } from '../ui/liveFormat';
import { shortId } from './runOrigin';

/** One savepoint: its version, age, size and run; Start, and Delete after a confirmation. */
export function SavepointRow({
  savepoint,
  current,
  pending,
  canStart,
  onStart,
  onDelete,
}: {
  savepoint: SavepointSummary;
  /** The pipeline's saved version now. */
  current: number | null;
  /** Its start or delete is under way. */
  pending: boolean;
  canStart: boolean;
  onStart: () => void;
  onDelete: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const older = current !== null && savepoint.pipelineVersion !== current;
  return (
    <tr data-testid={`savepoint-${savepoint.id}`}>
      <td>
        <code title={savepoint.id}>{shortId(savepoint.id)}</code>
      </td>
      <td>
        v{savepoint.pipelineVersion}
        {older && (
          <span className="tag" title={`The run starts v${current} with this state`}>
            older
          </span>
        )}
      </td>
      <td title={new Date(savepoint.createdAt).toLocaleString('en-GB')}>
        {formatAgo(savepoint.createdAt)}
      </td>
      <td>{formatBytes(savepoint.bytes)}</td>
      <td>
        <code title={savepoint.runId}>{shortId(savepoint.runId)}</code>
      </td>
      <td className="savepoint-actions">
        {confirming ? (
          <>
            <span className="muted">Delete it?</span>
            <button className="btn small" onClick={() => setConfirming(false)}>
              Keep
            </button>
            <button
              className="btn small danger"
              data-testid="confirm-delete-savepoint"
              disabled={pending}
              onClick={onDelete}
            >
              {pending ? 'Deleting…' : 'Delete'}
            </button>
          </>
        ) : (
          <>
            <button
              className="btn small ghost danger"
              data-testid="delete-savepoint"
              disabled={pending}
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
            <button
              className="btn small primary"
              data-testid="start-savepoint"
              disabled={!canStart}
              onClick={onStart}
            >
              {pending ? 'Starting…' : 'Start'}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
