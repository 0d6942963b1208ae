import type { PipelineDocument } from '@rivulet/shared-types';
import { afterAll, describe, expect, it } from 'vitest';
import { templates } from '../server/templates/index.js';
import { runBounded } from './harness.js';
import { templateDataFiles } from './index.js';

/** A probe on every node of a type in a template: a dashboard sink the harness captures. */
function probed(
  doc: PipelineDocument,
  type = 'window',
): { doc: PipelineDocument; windows: string[] } {
  const windows = doc.nodes.filter((n) => n.type === type).map((n) => n.id);
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
    '%s: every window aggregate says something (not the same everywhere, not a count of 1 almost everywhere)',
    async (_slug, t) => {
      const { doc, windows } = probed(t.document);
      // About 40 minutes of the template's event time (a slow source needs more to fire often).
      const rate = Number(
        t.document.nodes.find((n) => n.type === 'source.generator')?.params.ratePerSec ?? 50,
      );
      const events = Math.min(30_000, Math.max(12_000, Math.round(rate * 2400)));
      const run = await runBounded(doc, {
        seed: 1,
        events,
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
          if (a.fn === 'count') {
            // A window of one record says nothing a record does not: most must count more.
            const ones = rows.filter((r) => r[name] === 1).length;
            expect(
              ones / rows.length,
              `${t.slug}: ${id}.${name} is 1 in ${ones} of ${rows.length} windows`,
            ).toBeLessThan(0.9);
          }
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

describe('every field a map of the gallery writes is computed', () => {
  let judgedMaps = 0;
  // A field whose expression gives null on every record (a number added to a text, which
  // concatenates only texts: spec §5) shows nothing on the dashboards.
  it.each(generated.map((t) => [t.slug, t] as const))(
    '%s: no map field is null on every record it wrote',
    async (_slug, t) => {
      const { doc, windows: maps } = probed(t.document, 'map');
      const run = await runBounded(doc, {
        seed: 1,
        events: 30_000,
        eventId: () => '',
        files: templateDataFiles(),
      });
      let judged = 0;
      for (const id of maps) {
        const node = t.document.nodes.find((n) => n.id === id)!;
        const rows = (run.captured.get(`probe-${id}`) ?? []).map((c) => c.record);
        if (rows.length === 0) continue;
        judged++;
        for (const field of Object.keys((node.params.fields ?? {}) as object)) {
          const computed = rows.filter((r) => r[field] !== null && r[field] !== undefined);
          expect(
            computed.length,
            `${t.slug}: ${id}.${field} is null on all ${rows.length} records`,
          ).toBeGreaterThan(0);
        }
      }
      judgedMaps += judged;
    },
  );
  // Not vacuous: maps of the gallery wrote records (a rare alert may write none in a run).
  afterAll(() => expect(judgedMaps).toBeGreaterThan(5));
});
