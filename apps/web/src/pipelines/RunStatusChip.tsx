import type { LiveRunStatus } from '../store/live';

const LABEL: Record<LiveRunStatus, string> = {
  idle: 'Not running',
  recovering: 'Recovering',
  running: 'Running',
  finished: 'Finished',
  stopped: 'Stopped',
  failed: 'Failed',
};

/** A run's status as a coloured chip; `detail` (a failure's reason) shows beside it. */
export function RunStatusChip({
  status,
  detail,
  testId,
}: {
  status: LiveRunStatus;
  detail?: string | undefined;
  testId?: string;
}) {
  return (
    <span
      className={`status-chip status-${status}`}
      data-testid={testId}
      data-status={status}
      title={detail}
    >
      <span className="dot" aria-hidden />
      {LABEL[status]}
      {detail && <span className="status-detail">{detail}</span>}
    </span>
  );
}
