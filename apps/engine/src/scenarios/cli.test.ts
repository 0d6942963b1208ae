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

  it('refuses --fraud-rate outside the fraud scenario, and one that is not a share', async () => {
    const other = await cli(['scenario', 'logistics', '--evaluate', '--fraud-rate', '0.01']);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/fraud scenario only/);
    for (const rate of ['x', '-0.1', '0.9'])
      expect((await cli(['scenario', 'fraud', '--evaluate', '--fraud-rate', rate])).code).toBe(2);
  });

  it('evaluates: the text and --json tell the same figures and goals; exit 0 only when all hold', async () => {
    const args = ['scenario', 'logistics', '--evaluate', '--events', '20000', '--seed', '2'];
    const text = await cli(args);
    const json = await cli([...args, '--json']);
    // --json: one JSON object on standard output, its metrics at the top level.
    const report = JSON.parse(json.out) as {
      scenario: string;
      seed: number;
      events: number;
      goals: { name: string; ok: boolean }[];
      notes: string[];
    } & Record<string, unknown>;
    expect(report).toMatchObject({ scenario: 'logistics', seed: 2, events: 20000 });
    expect(Object.keys(report).length).toBeGreaterThan(5);
    expect(report.goals.length).toBeGreaterThan(0);
    for (const g of report.goals) expect(text.out).toContain(`${g.ok ? '✓' : '✗'} ${g.name}:`);
    const allHold = report.goals.every((g) => g.ok);
    expect(json.code).toBe(allHold ? 0 : 1);
    expect(text.code).toBe(json.code);
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
        'fx-rates.jsonl',
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
