import type { DeadLetter, JobResult } from '../job.js';

const formatUs = (us: number | null): string =>
  us === null
    ? '-'
    : us < 1000
      ? `${us}µs`
      : us < 1_000_000
        ? `${(us / 1000).toFixed(1)}ms`
        : `${(us / 1e6).toFixed(2)}s`;

/** The per-node table printed at the end of a run. */
export function summaryTable(result: JobResult): string {
  const header = ['node', 'type', 'in', 'out', 'dead', 'late', 'p99'];
  const rows = result.nodes.map((n) => [
    n.nodeId,
    n.type,
    String(n.recordsIn),
    String(n.recordsOut),
    String(n.deadLetters),
    String(n.lateRecords),
    formatUs(n.latencyUs.p99),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i >= 2;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function deadLetterLines(
  letters: readonly DeadLetter[],
  total: number,
  shown = 20,
): string[] {
  const lines = letters.slice(0, shown).map((d) => `  ${d.nodeId}: ${d.reason}`);
  if (total > shown)
    lines.push(`  … and ${total - shown} more (write them all with --dead-letters <file>)`);
  return lines;
}
