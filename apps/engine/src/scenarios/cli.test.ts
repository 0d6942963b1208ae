import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { validatePipeline } from '../validate.js';
import { confinedTo, relativeTo } from '../paths.js';
import { templates } from '../server/templates/index.js';
import { writeTemplateDataFiles } from './index.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

describe('rivulet scenario', () => {
  it('lists the scenarios', async () => {
    const { code, out } = await cli(['scenario']);
    expect(code).toBe(0);
    for (const name of ['fraud', 'logistics', 'recommendation', 'customer-service'])
      expect(out).toContain(name);
  });

  it('refuses an unknown scenario and bad numbers', async () => {
    expect((await cli(['scenario', 'nope', '--evaluate'])).code).toBe(2);
    expect((await cli(['scenario', 'fraud', '--evaluate', '--events', 'x'])).code).toBe(2);
  });

  it('evaluates: prints figures and goals, exit 0 only when every goal holds', async () => {
    const { code, out } = await cli(['scenario', 'logistics', '--evaluate', '--events', '40000']);
    expect(out).toMatch(/excursion recall\s+\d/);
    expect(out).toMatch(/[✓✗] excursion precision/);
    expect(code).toBe(out.includes('✗') ? 1 : 0);
  });

  it('writes a live pipeline with its data files, valid for the CLI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rivulet-write-'));
    try {
      const { code } = await cli(['scenario', 'logistics', '--write', dir]);
      expect(code).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(['fleet.jsonl', 'logistics.json']);
      const doc: unknown = JSON.parse(await readFile(join(dir, 'logistics.json'), 'utf8'));
      const valid = validatePipeline(doc, { checkPath: relativeTo(dir) });
      expect(valid.ok ? [] : valid.problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('writeTemplateDataFiles', () => {
  it('writes the files the templates read, once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rivulet-files-'));
    try {
      expect(writeTemplateDataFiles(dir).sort()).toEqual([
        'card-profiles.jsonl',
        'category-norms.jsonl',
        'country-distances.jsonl',
        'fleet.jsonl',
      ]);
      expect(writeTemplateDataFiles(dir)).toEqual([]);
      for (const t of templates) {
        const valid = validatePipeline(t.document, { checkPath: confinedTo(dir) });
        expect(valid.ok ? [] : valid.problems).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
