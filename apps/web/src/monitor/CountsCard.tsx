import { useState } from 'react';
import { useLive } from '../store/live';
import { formatCount } from '../ui/liveFormat';
import { DeadLettersDialog } from './DeadLettersDialog';

/** Late records and dead letters of the run so far; dead letters open with their reasons. */
export function CountsCard() {
  const late = useLive((s) => s.lateRecords);
  const dead = useLive((s) => s.deadLetters);
  const runId = useLive((s) => s.runId);
  const [open, setOpen] = useState(false);
  return (
    <div className="counts-card">
      <div className={`count${late > 0 ? ' warn' : ''}`} data-testid="late-count">
        <span className="count-value">{formatCount(late)}</span>
        <span className="count-label">late records</span>
      </div>
      <div className={`count${dead > 0 ? ' bad' : ''}`} data-testid="dead-count">
        <span className="count-value">{formatCount(dead)}</span>
        <span className="count-label">dead letters</span>
      </div>
      <button
        className="btn small"
        data-testid="dead-letters-button"
        disabled={!runId}
        onClick={() => setOpen(true)}
      >
        Dead letters
      </button>
      {open && runId && <DeadLettersDialog runId={runId} onClose={() => setOpen(false)} />}
    </div>
  );
}
