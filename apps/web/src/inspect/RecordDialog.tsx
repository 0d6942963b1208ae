import { useEffect, useState } from 'react';
import { LiveDialog } from '../ui/LiveDialog';
import { formatEventTime, prettyRecord } from './format';
import { selectOpenRecord, useInspect } from './inspectStore';
import './inspect.css';

/**
 * The record the user opened, whole and pretty-printed, with where and when it was seen. Each
 * table that opens records renders one, with its own `owner`; the one that opened it shows it.
 */
export function RecordDialog({ owner }: { owner: string }) {
  const opened = useInspect(selectOpenRecord);
  const open = opened?.owner === owner ? opened : null;
  const close = useInspect((s) => s.closeRecord);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const isOpen = open !== null;
  useEffect(() => {
    if (!isOpen) return;
    // The canvas's shortcuts take Escape (and keep the dialog from hearing it): close first.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      setCopied(null);
      close();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [isOpen, close]);
  if (!open) return null;
  const text = prettyRecord(open.record);
  const cut = typeof open.record === 'string' && text.endsWith('… (cut)');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  const done = () => {
    setCopied(null);
    close();
  };
  return (
    <LiveDialog
      title={`Record from ${open.nodeId}`}
      onClose={done}
      wide
      testId="record-dialog"
      actions={
        <>
          {copied && (
            <span className="muted small inspect-copied" role="status">
              {copied === 'yes' ? 'Copied to the clipboard' : 'The browser refused to copy'}
            </span>
          )}
          <button className="btn primary" data-testid="record-copy" onClick={copy}>
            Copy JSON
          </button>
        </>
      }
    >
      <dl className="inspect-meta">
        <dt>Node</dt>
        <dd>
          <code data-testid="record-node">{open.nodeId}</code>
        </dd>
        <dt>Seen on</dt>
        <dd>{open.seenOn}</dd>
        <dt>Event time</dt>
        <dd data-testid="record-event-time">{formatEventTime(open.eventTime)}</dd>
      </dl>
      {cut && (
        <p className="muted small">
          This record is large: the engine sent the first 4 KiB of its JSON.
        </p>
      )}
      <pre className="inspect-json" data-testid="record-json">
        {text}
      </pre>
    </LiveDialog>
  );
}
