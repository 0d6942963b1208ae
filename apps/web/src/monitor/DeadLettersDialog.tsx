import { useEffect, useState } from 'react';
import type { DeadLetterPage } from '@rivulet/shared-types';
import { api } from '../api/client';
import { failureOf } from '../store/live/runActions';
import { LiveDialog } from '../ui/LiveDialog';
import { formatClock, formatCount } from '../ui/liveFormat';

const PAGE = 25;

/** The run's dead letters, a page at a time: which node refused which record, and why. */
export function DeadLettersDialog({ runId, onClose }: { runId: string; onClose: () => void }) {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<DeadLetterPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.deadLetters(runId, offset, PAGE).then(
      (p) => !cancelled && setPage(p),
      (e: unknown) => !cancelled && setError(failureOf(e)?.message ?? 'failed'),
    );
    return () => {
      cancelled = true;
    };
  }, [runId, offset]);

  const kept = page?.kept ?? 0;
  return (
    <LiveDialog
      title="Dead letters"
      onClose={onClose}
      wide
      testId="dead-letters-dialog"
      actions={
        <>
          <span className="muted small pager-text">
            {page && kept > 0
              ? `${offset + 1}–${Math.min(offset + PAGE, kept)} of ${formatCount(kept)} kept` +
                (page.total > kept ? ` (${formatCount(page.total)} in all)` : '')
              : ''}
          </span>
          {kept > PAGE && (
            <>
              <button
                className="btn small"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                ← Previous
              </button>
              <button
                className="btn small"
                disabled={offset + PAGE >= kept}
                onClick={() => setOffset(offset + PAGE)}
              >
                Next →
              </button>
            </>
          )}
          <button className="btn" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {error && <p className="error-text">{error}</p>}
      {!page && !error && <p className="muted">Loading…</p>}
      {page && page.items.length === 0 && (
        <p className="muted">No dead letters: every record was processed or dropped on purpose.</p>
      )}
      {page && page.items.length > 0 && (
        <table className="data-table dead-table">
          <thead>
            <tr>
              <th>Time</th>
              <th title="The record's event time, when the node knew it">Event time</th>
              <th>Node</th>
              <th>Reason</th>
              <th>Record</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((item, i) => (
              <tr key={offset + i}>
                <td className="mono">{formatClock(item.at)}</td>
                <td className="mono">
                  {item.eventTime === null ? '—' : new Date(item.eventTime).toISOString()}
                </td>
                <td>
                  <code>{item.nodeId}</code>
                </td>
                <td className="reason">{item.reason}</td>
                <td>
                  <code className="record-json">
                    {typeof item.record === 'string' ? item.record : JSON.stringify(item.record)}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </LiveDialog>
  );
}
