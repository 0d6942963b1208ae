import { registry } from '@rivulet/operators';
import { PipelineDocument } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { templates } from './index';

type Validate = (doc: unknown) => { ok: boolean; problems?: unknown[] };

/** The engine's own validator when the engine is built; the structural checks below otherwise. */
async function engineValidator(): Promise<Validate | null> {
  const name = '@rivulet/engine';
  try {
    const mod = (await import(/* @vite-ignore */ name)) as { validatePipeline?: Validate };
    return mod.validatePipeline ?? null;
  } catch {
    return null;
  }
}

describe('templates', () => {
  it('have unique slugs', () => {
    expect(new Set(templates.map((t) => t.slug)).size).toBe(templates.length);
  });

  for (const template of templates) {
    describe(template.slug, () => {
      it('is a pipeline document of known operators with valid params and edges', () => {
        const doc = PipelineDocument.parse(template.document);
        const ids = new Set(doc.nodes.map((n) => n.id));
        expect(ids.size).toBe(doc.nodes.length);
        for (const node of doc.nodes) {
          const def = registry.get(node.type);
          expect(def, node.type).toBeDefined();
          const parsed = def!.params.safeParse(node.params);
          expect(parsed.success, `${node.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        }
        for (const edge of doc.edges) {
          expect(
            ids.has(edge.source) && ids.has(edge.target),
            `${edge.source}→${edge.target}`,
          ).toBe(true);
        }
      });

      it('runs live and unbounded: its generators are paced and have no limit', () => {
        const generators = template.document.nodes.filter((n) => n.type === 'source.generator');
        expect(generators.length).toBeGreaterThan(0);
        for (const g of generators) {
          expect(g.params.ratePerSec).toBeGreaterThan(0);
          expect(g.params.limit).toBeUndefined();
          expect(g.params.scenario).toBe(template.scenario);
        }
      });

      it("passes the engine's validator", async () => {
        const validate = await engineValidator();
        if (!validate) return;
        const result = validate(template.document);
        expect(result.problems ?? []).toEqual([]);
        expect(result.ok).toBe(true);
      });
    });
  }
});
