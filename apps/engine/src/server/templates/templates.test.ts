import { describe, expect, it } from 'vitest';
import { validatePipeline } from '../../validate.js';
import { templates } from './index.js';

describe('templates', () => {
  it('have unique slugs', () => {
    expect(new Set(templates.map((t) => t.slug)).size).toBe(templates.length);
  });

  it.each(templates.map((t) => [t.slug, t] as const))(
    '%s is valid for the engine and runs live',
    (_slug, t) => {
      const result = validatePipeline(t.document);
      expect(result.ok ? [] : result.problems).toEqual([]);
      const sources = t.document.nodes.filter((n) => n.type === 'source.generator');
      expect(sources.length).toBeGreaterThan(0);
      for (const s of sources) {
        expect(s.params).toMatchObject({ scenario: t.scenario, ratePerSec: expect.any(Number) });
        expect(s.params).not.toHaveProperty('limit');
      }
      expect(t.document.nodes.some((n) => n.type === 'sink.dashboard')).toBe(true);
    },
  );
});
