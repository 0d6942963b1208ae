import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { customerService } from './customerService/index.js';
import { fraud } from './fraud/index.js';
import { logistics } from './logistics/index.js';
import { recommendation } from './recommendation/index.js';
import type { DataFile, Scenario } from './types.js';

/** The measured demos, in the order `rivulet scenario` lists them. */
export const scenarios: readonly Scenario[] = [fraud, logistics, recommendation, customerService];

export const scenarioByName = (name: string): Scenario | undefined =>
  scenarios.find((s) => s.name === name);

/**
 * The files the scenario templates read (card profiles, fleet set points…), for the seed each
 * template uses: a server writes them into its data directory's files/ before a run.
 */
export function templateDataFiles(): DataFile[] {
  return scenarios.flatMap((s) => {
    const source = s.template.document.nodes.find((n) => n.type === 'source.generator');
    return s.dataFiles(Number(source?.params.seed ?? 1));
  });
}

/**
 * Writes the templates' data files into `folder` (the server's files/ directory), leaving any
 * file already there as it is. Synchronous, for a server's start (about 0.2 s).
 */
export function writeTemplateDataFiles(folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const file of templateDataFiles()) {
    const path = join(folder, file.path);
    if (existsSync(path)) continue;
    writeFileSync(path, file.lines.join('\n') + '\n');
    written.push(file.path);
  }
  return written;
}
