import type { RunLogEntry } from '@rivulet/shared-types';
import { formatClock } from '../ui/liveFormat';

const ICON: Record<RunLogEntry['level'], string> = { info: '•', warning: '!', error: '×' };

/** A run's status changes and warnings, oldest first, as the server recorded them. */
export function RunLog({ log }: { log: readonly RunLogEntry[] }) {
  if (log.length === 0) return <p className="muted">Nothing was logged for this run.</p>;
  return (
    <ol className="run-log" data-testid="run-log">
      {log.map((entry, i) => (
        <li key={i} className={`run-log-${entry.level}`} data-kind={entry.kind}>
          <span className="run-log-icon" aria-label={entry.level}>
            {ICON[entry.level]}
          </span>
          <time title={new Date(entry.t).toLocaleString('en-GB')}>{formatClock(entry.t)}</time>
          <span className="run-log-message">{entry.message}</span>
        </li>
      ))}
    </ol>
  );
}
