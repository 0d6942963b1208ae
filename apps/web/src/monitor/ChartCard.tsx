import type { ReactNode } from 'react';

/** A titled card holding one chart; `aside` sits at the right of the title (a value, a picker). */
export function ChartCard({
  title,
  aside,
  testId,
  children,
  empty,
}: {
  title: string;
  aside?: ReactNode;
  testId?: string;
  children: ReactNode;
  /** Shown instead of the chart while there is nothing to draw. */
  empty?: string | null;
}) {
  return (
    <div className="chart-card" data-testid={testId}>
      <div className="chart-card-head">
        <span className="chart-title">{title}</span>
        {aside}
      </div>
      <div className="chart-body">
        {empty ? <div className="chart-empty">{empty}</div> : children}
      </div>
    </div>
  );
}
