import { formatAge, formatClock } from './liveFormat';
import { useNow } from './useNow';

/** How long ago `at` was, ticking each second; the clock time on hover. */
export function Age({ at, testId }: { at: number; testId?: string }) {
  const now = useNow();
  return (
    <span
      title={`${new Date(at).toLocaleDateString('en-GB')} ${formatClock(at)}`}
      data-testid={testId}
    >
      {formatAge(at, now)}
    </span>
  );
}
