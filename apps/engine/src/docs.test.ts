import { readFileSync } from 'node:fs';
import { operators } from '@rivulet/operators';
import { describe, expect, it } from 'vitest';
import { operatorTable, withOperatorTable } from './docs.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('holds the operator table generated from the registry (node scripts/operator-table.mjs --write)', () => {
    expect(withOperatorTable(readme)).toBe(readme);
  });

  it('lists every operator', () => {
    for (const op of operators) expect(operatorTable()).toContain(`\`${op.type}\``);
  });

  it('starts with exactly the two commands', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(
      block
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/).slice(0, 2).join(' ')),
    ).toEqual(['npm start', 'npm test']);
  });
});
