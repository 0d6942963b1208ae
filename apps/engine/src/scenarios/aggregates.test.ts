import type { PipelineDocument } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { templates } from '../server/templates/index.js';
import { runBounded } from './harness.js';
import { templateDataFiles } from './index.js';

/** A probe on every window of a template: a dashboard sink the harness captures. */
function probed(doc: PipelineDocument): { doc: PipelineDocument; windows: string[] } {
  const windows = doc.nodes.filter((n) => n.type === 'window').map((n) => n.id);
  return {
    windows,
    doc: {
      ...doc,
      nodes: [
        ...doc.nodes,
        ...windows.map((id) => ({
          id: `probe-${id}`,
          type: 'sink.dashboard',
          params: { title: id, widget: 'table' },
        })),
      ],
      edges: [
        ...doc.edges,
        ...windows.map((id) => ({ id: `probe-edge-${id}`, source: id, target: `probe-${id}` })),
      ],
    },
  };
}

const NUMERIC = new Set(['count', 'sum', 'avg', 'min', 'max', 'countDistinct']);

const generated = templates.filter((t) =>
  t.document.nodes.every((n) => !n.type.startsWith('source.') || n.type === 'source.generator'),
);

describe('every window of the gallery says something', () => {
  it.each(generated.map((t) => [t.slug, t] as const))(
    '%s: no aggregate of a window is the same in every window (a count of 1 everywhere)',
    async (_slug, t) => {
      const { doc, windows } = probed(t.document);
      const run = await runBounded(doc, {
        seed: 1,
        events: 12_000,
        eventId: () => '',
        files: templateDataFiles(),
      });
      for (const id of windows) {
        const node = t.document.nodes.find((n) => n.id === id)!;
        const rows = (run.captured.get(`probe-${id}`) ?? []).map((c) => c.record);
        expect(rows.length, `${t.slug}: window ${id} fires`).toBeGreaterThan(2);
        const aggregations = (node.params.aggregations ?? [{ fn: 'count', as: 'count' }]) as {
          fn: string;
          as?: string;
        }[];
        // Numbers a window computes; a first/last of a label may well be the same everywhere.
        for (const a of aggregations.filter((a) => NUMERIC.has(a.fn))) {
          const name = a.as ?? a.fn;
          const values = new Set(rows.map((r) => JSON.stringify(r[name])));
          expect(
            values.size,
            `${t.slug}: ${id}.${name} is ${[...values].join(', ')} in all ${rows.length} windows`,
          ).toBeGreaterThan(1);
        }
      }
    },
  );
});
