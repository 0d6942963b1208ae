import { operators } from '@rivulet/operators';

const CATEGORY: Record<string, string> = {
  source: 'source',
  transform: 'transform',
  'keys-windows': 'keys & windows',
  'joins-patterns': 'joins & patterns',
  sink: 'sink',
};

/** The operator table of the README, generated from the registry. */
export function operatorTable(): string {
  const ports = (list: readonly { name: string }[]) => list.map((p) => p.name).join(', ') || '—';
  const rows = operators.map((op) => {
    const shape = op.params as unknown as { shape?: Record<string, unknown> };
    const params =
      Object.keys(shape.shape ?? {})
        .map((p) => `\`${p}\``)
        .join(' ') || '—';
    return `| \`${op.type}\` | ${CATEGORY[op.category] ?? op.category} | ${op.summary} | ${ports(op.inputs)} | ${ports(op.outputs)} | ${params} |`;
  });
  return [
    '| type | category | what it does | in | out | params |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const START = '<!-- operators:start -->';
const END = '<!-- operators:end -->';

/** The README text with the generated table between its markers. */
export function withOperatorTable(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error('the README has no operator table markers');
  return `${readme.slice(0, from + START.length)}\n${operatorTable()}\n${readme.slice(to)}`;
}
