import type { Report } from './types.js';

const show = (value: number | null, unit?: string) =>
  value === null ? 'n/a' : `${value}${unit ? ` ${unit}` : ''}`;

/** The report as the CLI prints it: notes, figures, then each goal with ✓ or ✗. */
export function formatReport(report: Report): string {
  const lines = [`${report.scenario}: seed ${report.seed}, ${report.events} events`];
  for (const note of report.notes) lines.push(`  note: ${note}`);
  const width = Math.max(...report.figures.map((f) => f.name.length), 10);
  for (const f of report.figures) lines.push(`  ${f.name.padEnd(width)}  ${show(f.value, f.unit)}`);
  lines.push('goals:');
  for (const g of report.goals)
    lines.push(
      `  ${g.ok ? '✓' : '✗'} ${g.name}: ${show(g.value, g.unit)} (goal ${g.op} ${g.target})`,
    );
  const failed = report.goals.filter((g) => !g.ok).length;
  lines.push(failed === 0 ? 'all goals hold' : `${failed} of ${report.goals.length} goals missed`);
  return lines.join('\n');
}
