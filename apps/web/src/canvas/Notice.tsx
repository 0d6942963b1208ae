import { useEffect } from 'react';
import { useEditor } from '../store/editor';

const SHOW_MS = 5000;

/** A short message over the canvas: why a connection was refused, what went wrong. */
export function Notice() {
  const notice = useEditor((s) => s.notice);
  const dismiss = useEditor((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(() => dismiss(notice.id), SHOW_MS);
    return () => window.clearTimeout(t);
  }, [notice, dismiss]);
  if (!notice) return null;
  return (
    <div className={`canvas-notice ${notice.tone}`} role="alert" data-testid="canvas-notice">
      <span>{notice.message}</span>
      <button className="tool" onClick={() => dismiss(notice.id)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
