import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineTemplate } from '@rivulet/shared-types';

/**
 * The gallery's documents, one JSON file a template (`<slug>.json`), in `apps/engine/templates`:
 * three folders up from this module both in `src/` (tests) and in `dist/` (`npm start`, the
 * published engine), so both read the same files. The e2e tests read them there too.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** The slugs of the files in the folder, sorted (the gallery's order is `templates` in index.ts). */
export function templateSlugs(): string[] {
  return readdirSync(TEMPLATES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * One template, checked against the schema. A file that fails is a bug of the repository, not
 * something a user sent: it throws at start, naming the file and the paths. The document is
 * returned as written (not as parsed), so defaults the schema would fill are not added to it.
 */
export function readTemplate(slug: string): PipelineTemplate {
  const file = join(TEMPLATES_DIR, `${slug}.json`);
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = PipelineTemplate.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${file} is not a template: ${where}`);
  }
  if (parsed.data.slug !== slug) throw new Error(`${file} has the slug "${parsed.data.slug}"`);
  return raw as PipelineTemplate;
}
