import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * The lines Flink's filesystem sink wrote into a folder: its finished part files, in name
 * order (files and folders whose names start with `.` or `_` are in progress or metadata).
 */
export function partFileLines(dir: string): string[] {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => !name.split(sep).some((part) => part.startsWith('.') || part.startsWith('_')))
    .sort();
  const lines: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') continue;
      throw error;
    }
    for (const line of text.split('\n')) if (line !== '') lines.push(line);
  }
  return lines;
}
