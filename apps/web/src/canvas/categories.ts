/** How each operator category looks: palette group, stripe colour and glyph. */
export interface CategoryLook {
  label: string;
  color: string;
  glyph: string;
}

export const CATEGORY_ORDER = [
  'source',
  'transform',
  'keys-windows',
  'joins-patterns',
  'sink',
] as const;

const LOOKS: Record<string, CategoryLook> = {
  source: { label: 'Sources', color: '#34d399', glyph: '◉' },
  transform: { label: 'Transforms', color: '#22d3ee', glyph: 'ƒ' },
  'keys-windows': { label: 'Keys & windows', color: '#a78bfa', glyph: '▦' },
  'joins-patterns': { label: 'Joins & patterns', color: '#f472b6', glyph: '⋈' },
  sink: { label: 'Sinks', color: '#fbbf24', glyph: '▼' },
};

const OTHER: CategoryLook = { label: 'Other', color: '#8d97b5', glyph: '◇' };

export const categoryLook = (category: string | undefined): CategoryLook =>
  (category !== undefined ? LOOKS[category] : undefined) ?? OTHER;
