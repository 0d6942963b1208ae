import { formatValue, isEpochField } from '../monitor/series';

/** One ranked entry of a card (a recommended item): its name and the figure it is ranked by. */
export interface StoryItem {
  name: string;
  figure: string | null;
}

/** One story: a shopper's recommendations, a card's fraud alert, a truck's excursion. */
export interface StoryCard {
  key: string;
  /** Event time of its newest record. */
  t: number;
  title: string;
  /** The `field` of a single record, big (an amount, a delay). */
  headline: string | null;
  headlineField: string | null;
  /** The rule or kind of the record, as a tag. */
  tag: string | null;
  /** Plain-language why: the record's `reason`, or how a ranked list was ranked. */
  reason: string | null;
  items: StoryItem[];
  /** Other fields, at most four. */
  details: [string, string][];
}

const TAG_FIELDS = ['rule', 'kind', 'type', 'route'];
const REASON_FIELDS = ['reason', 'why', 'explanation'];
const RANK_FIELDS = new Set(['rank']);

/** "account_takeover" → "account takeover". */
const words = (s: string) => s.replace(/_/g, ' ');

/** The number fields of a record that say why (score, count), not when or which. */
function figureOf(
  record: Record<string, unknown>,
  skip: ReadonlySet<string>,
): [string, number] | null {
  for (const [k, v] of Object.entries(record))
    if (typeof v === 'number' && !skip.has(k) && !RANK_FIELDS.has(k) && !isEpochField(k, v))
      return [k, v];
  return null;
}

/**
 * Records (newest first) as story cards, newest first, one per `labelField` value: records of
 * the same value and window (`windowEnd`) with a `rank` make one card listing `field` in rank
 * order; any other record is a card of its own with `field` as its headline, its rule as a
 * tag, its `reason` and a few other fields.
 */
export function storyCards(
  rows: readonly { t: number; record: Record<string, unknown> }[],
  labelField: string | undefined,
  field: string | undefined,
  max = 12,
): StoryCard[] {
  const cards: StoryCard[] = [];
  const byGroup = new Map<string, StoryCard>();
  const seen = new Set<string>();
  rows.forEach(({ t, record }, i) => {
    const label = labelField !== undefined ? record[labelField] : undefined;
    const key = label === undefined || label === null ? `#${i}` : String(label);
    const ranked = typeof record.rank === 'number';
    const group = `${key}|${String(record.windowEnd ?? '')}`;
    if (ranked) {
      const existing = byGroup.get(group);
      const skip = new Set([labelField ?? '', field ?? '']);
      const figure = figureOf(record, skip);
      const item: StoryItem & { rank: number } = {
        name: field !== undefined ? formatValue(field, record[field]) : `#${String(record.rank)}`,
        figure: figure ? `${figure[0]} ${formatValue(figure[0], figure[1])}` : null,
        rank: record.rank as number,
      };
      if (existing) {
        if (!existing.items.some((it) => it.name === item.name)) existing.items.push(item);
        existing.items.sort((a, b) => (a as typeof item).rank - (b as typeof item).rank);
        return;
      }
      // A newer window of the same key was already shown: keep only the newest.
      if (seen.has(key) || cards.length >= max) return;
      seen.add(key);
      const start = record.windowStart;
      const end = record.windowEnd;
      const card: StoryCard = {
        key,
        t,
        title: labelField !== undefined ? `${labelField} ${key}` : 'ranking',
        headline: null,
        headlineField: null,
        tag: null,
        reason:
          reasonOf(record) ??
          (figure
            ? `Ranked by ${figure[0]}${
                typeof start === 'number' && typeof end === 'number'
                  ? `, ${formatValue('windowStart', start)}–${formatValue('windowEnd', end)}`
                  : ''
              }`
            : null),
        items: [item],
        details: [],
      };
      byGroup.set(group, card);
      cards.push(card);
      return;
    }
    if (cards.length >= max) return;
    const tagField = TAG_FIELDS.find((f) => typeof record[f] === 'string' && f !== labelField);
    const used = new Set([labelField, field, tagField, ...REASON_FIELDS, 'ts']);
    cards.push({
      key: `${key}#${i}`,
      t,
      title: label === undefined || label === null ? 'record' : `${labelField} ${key}`,
      headline:
        field !== undefined && record[field] !== undefined
          ? formatValue(field, record[field])
          : null,
      headlineField: field ?? null,
      tag: tagField ? words(String(record[tagField])) : null,
      reason: reasonOf(record),
      items: [],
      details: Object.entries(record)
        .filter(([k, v]) => !used.has(k) && v !== null && typeof v !== 'object')
        .slice(0, 4)
        .map(([k, v]) => [k, formatValue(k, v)]),
    });
  });
  return cards;
}

function reasonOf(record: Record<string, unknown>): string | null {
  for (const f of REASON_FIELDS) if (typeof record[f] === 'string') return record[f] as string;
  return null;
}
