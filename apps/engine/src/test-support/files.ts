import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder for one test. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rivulet-test-'));
}

export function writeJsonl(path: string, records: readonly unknown[]): void {
  writeFileSync(path, records.map((r) => JSON.stringify(r) + '\n').join(''));
}

export function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The rows of a JSON Lines file; none when it does not exist (a sink that wrote nothing). */
export function readJsonlOrNone(path: string): Record<string, unknown>[] {
  return existsSync(path) ? readJsonl(path) : [];
}
