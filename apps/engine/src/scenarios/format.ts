import type { MetricValue, Metrics, Report } from './types.js';

const show = (value: number | null, unit?: string) =>
  value === null ? 'n/a' : `${value}${unit ? ` ${unit}` : ''}`;

/** The unit a metric's key names: `latencyP99Ms` is in ms, `delaySec` in s. */
export const unitOf = (key: string): string | undefined =>
  /Ms$/.test(key) ? 'ms' : /Sec$/.test(key) ? 's' : undefined;

/**
 * The metrics as dotted paths and printable values, in their order: `baselines.popular.hitAt10`.
 * An array of numbers or texts stays on one line; an array of objects is numbered (`prCurve.velocity.0.precision`).
 */
export function flattenMetrics(metrics: Metrics): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  const walk = (value: MetricValue, path: string, key: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, k);
    } else if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
      value.forEach((v, i) => walk(v, `${path}.${i}`, key));
    } else if (Array.isArray(value)) {
      out.push({ path, value: value.map((v) => String(v)).join(', ') });
    } else {
      out.push({
        path,
        value:
          typeof value === 'number' || value === null ? show(value, unitOf(key)) : String(value),
      });
    }
  };
  walk(metrics, '', '');
  return out;
}

/** The value at a dotted path of the metrics (`baselines.popular.hitAt10`), or undefined. */
export function metricAt(metrics: Metrics, path: string): MetricValue | undefined {
  let at: MetricValue | undefined = metrics;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Array.isArray(at) ? at[Number(key)] : at[key];
  }
  return at;
}

/** The report as the CLI prints it: notes, metrics as dotted paths, then each goal with ✓ or ✗. */
export function formatReport(report: Report): string {
  const lines = [`${report.scenario}: seed ${report.seed}, ${report.events} events`];
  for (const note of report.notes) lines.push(`  note: ${note}`);
  const rows = flattenMetrics(report.metrics);
  const width = Math.max(...rows.map((r) => r.path.length), 10);
  for (const r of rows) lines.push(`  ${r.path.padEnd(width)}  ${r.value}`);
  lines.push('goals:');
  for (const g of report.goals)
    lines.push(
      `  ${g.ok ? '✓' : '✗'} ${g.name}: ${show(g.value, g.unit)} (goal ${g.op} ${g.target})`,
    );
  const failed = report.goals.filter((g) => !g.ok).length;
  lines.push(failed === 0 ? 'all goals hold' : `${failed} of ${report.goals.length} goals missed`);
  return lines.join('\n');
}

/** The report as `--json` prints it: one object, the metrics at its top level. */
export function reportJson(report: Report): Record<string, unknown> {
  const { scenario, seed, events, metrics, goals, notes } = report;
  return { scenario, seed, events, ...metrics, goals, notes };
}
