import { readFileSync } from 'node:fs';
import { EXPRESSION_FUNCTIONS, operators } from '@rivulet/operators';
import { describe, expect, it } from 'vitest';

// The contract lives in docs/pipeline-spec.md; these keep its lists in step with the code.
const spec = readFileSync(new URL('../../../docs/pipeline-spec.md', import.meta.url), 'utf8');

function section(n: number): string {
  const start = spec.indexOf(`\n## ${n}. `);
  const end = spec.indexOf(`\n## ${n + 1}. `);
  expect(start, `section ${n}`).toBeGreaterThan(0);
  return spec.slice(start, end > start ? end : undefined);
}

const names = (text: string) =>
  text
    .replace(/\(.*?\)/g, '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

describe('docs/pipeline-spec.md', () => {
  it('§4 lists every operator of the registry, with its ports', () => {
    const rows = new Map<string, string>();
    for (const [, type, ports] of section(4).matchAll(/^\| `([^`]+)` +\| ([^|]+?) +\|/gm))
      rows.set(type!, ports!);
    expect([...rows.keys()].sort()).toEqual(operators.map((op) => op.type).sort());
    for (const op of operators) {
      const ports = rows.get(op.type)!;
      const [before, after] = ports.includes('→') ? ports.split('→') : [ports, ''];
      const inputs = op.kind === 'source' ? [] : names(before!);
      const outputs = op.kind === 'source' ? names(before!) : names(after!);
      expect({ type: op.type, inputs, outputs }).toEqual({
        type: op.type,
        inputs: op.inputs.map((p) => p.name),
        outputs: op.outputs.map((p) => p.name),
      });
    }
  });

  it('§6 lists exactly the functions an expression may call', () => {
    const line = /^- functions:([\s\S]*?)\n- /m.exec(section(6))?.[1] ?? '';
    const listed = [...line.matchAll(/`([^`]+)`/g)].flatMap(([, group]) =>
      group!.replace('()', '').split(/\s+/),
    );
    expect(listed.sort()).toEqual([...EXPRESSION_FUNCTIONS].sort());
  });
});
