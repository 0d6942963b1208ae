import { describe, expect, it } from 'vitest';
import { storyCards } from './storyCards';

const T = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('storyCards', () => {
  it('makes one card per shopper and window, items in rank order, with why', () => {
    const rec = (userId: string, itemId: string, rank: number, score: number, end = T) => ({
      t: end,
      record: { userId, itemId, score, rank, windowStart: end - 60_000, windowEnd: end },
    });
    const rows = [
      rec('u1', 'i9', 2, 8),
      rec('u1', 'i3', 1, 12),
      rec('u2', 'i4', 1, 5),
      rec('u1', 'i7', 1, 4, T - 60_000), // an older window of u1: not shown again
    ];
    const cards = storyCards(rows, 'userId', 'itemId');
    expect(cards.map((c) => c.title)).toEqual(['userId u1', 'userId u2']);
    expect(cards[0]!.items).toMatchObject([
      { name: 'i3', figure: 'score 12' },
      { name: 'i9', figure: 'score 8' },
    ]);
    expect(cards[0]!.reason).toMatch(/^Ranked by score, \d\d:\d\d:\d\d–\d\d:\d\d:\d\d$/);
  });

  it('makes an alert a card: amount headline, rule tag, reason, a few details', () => {
    const cards = storyCards(
      [
        {
          t: T,
          record: {
            rule: 'account_takeover',
            cardId: 'c12',
            amount: 1250.5,
            reason: 'Password changed, then a large transfer',
            txId: 'tx9',
            ts: T,
          },
        },
      ],
      'cardId',
      'amount',
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({
      title: 'cardId c12',
      headline: '1,250.5',
      tag: 'account takeover',
      reason: 'Password changed, then a large transfer',
      details: [['txId', 'tx9']],
    });
  });

  it('shows at most max cards', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ t: T, record: { id: `a${i}` } }));
    expect(storyCards(rows, 'id', undefined, 12)).toHaveLength(12);
  });
});
