import { describe, expect, it } from 'vitest';
import type { ClickEvent, ClickstreamOptions } from './clickstream.js';
import { clickstream, clickstreamTruth } from './clickstream.js';
import { TREND_PERIOD_MS, trendingItems } from './clickstream-trends.js';

// 50 clicks/s as the recommendation template: 80,000 clicks are 27 min, two trend periods.
const clock = { startTime: Date.UTC(2026, 0, 1), meanGapMs: 20 };
const options: ClickstreamOptions = { users: 500, items: 500, categories: 20 };

function events(n: number, seed = 1, opts = options): ClickEvent[] {
  const stream = clickstream(opts, seed, clock);
  return Array.from({ length: n }, () => stream.next() as ClickEvent);
}

describe('clickstream: a future only partly predictable from the past', () => {
  const sample = events(80_000);
  const views = sample.filter((e) => e.type === 'view');

  it('makes shoppers view the items related to the one they just viewed, often ones they never clicked', () => {
    const related = new Map(clickstreamTruth(options, 1).items.map((i) => [i.itemId, i.related]));
    const last = new Map<string, string>();
    let follows = 0;
    let relatedNext = 0;
    for (const e of views) {
      const before = last.get(e.sessionId);
      last.set(e.sessionId, e.itemId);
      if (before === undefined) continue;
      follows++;
      if (related.get(before)!.includes(e.itemId)) relatedNext++;
    }
    // 5 related items of 500: by chance about 1 %; the generator sends a quarter of views there.
    expect(relatedNext / follows).toBeGreaterThan(0.18);
    expect(relatedNext / follows).toBeLessThan(0.35);
  });

  it('moves trends: each period its own items, far above their share in the other period', () => {
    const period = (t: number) => Math.floor(t / TREND_PERIOD_MS);
    const first = period(clock.startTime);
    const trendsOf = (p: number) =>
      new Set(Array.from(trendingItems(1, 500, p * TREND_PERIOD_MS), (i) => `i${i}`));
    const [a, b] = [trendsOf(first), trendsOf(first + 1)];
    expect([...a].filter((i) => b.has(i)).length).toBeLessThan(3);
    const share = (trend: Set<string>, p: number) => {
      const inPeriod = views.filter((e) => period(e.ts) === p);
      return inPeriod.filter((e) => trend.has(e.itemId)).length / inPeriod.length;
    };
    expect(share(a, first)).toBeGreaterThan(0.08);
    expect(share(a, first + 1)).toBeLessThan(share(a, first) / 2);
    expect(share(b, first + 1)).toBeGreaterThan(2 * share(b, first));
  });

  it('leaves much of what a shopper does next outside their own past', () => {
    // The shopper's last 10 distinct items before each interaction (the "last clicked" baseline).
    const recent = new Map<string, string[]>();
    let inRecent = 0;
    let neverBefore = 0;
    const seen = new Map<string, Set<string>>();
    for (const e of sample) {
      const list = recent.get(e.userId) ?? [];
      const mine = seen.get(e.userId) ?? new Set<string>();
      if (list.includes(e.itemId)) inRecent++;
      if (!mine.has(e.itemId)) neverBefore++;
      mine.add(e.itemId);
      seen.set(e.userId, mine);
      recent.set(e.userId, [e.itemId, ...list.filter((i) => i !== e.itemId)].slice(0, 10));
    }
    // Carts and purchases follow their view, and sessions go back: the past explains a part…
    expect(inRecent / sample.length).toBeGreaterThan(0.25);
    // …but not most: a shopper keeps clicking items they never clicked before.
    expect(inRecent / sample.length).toBeLessThan(0.5);
    expect(neverBefore / sample.length).toBeGreaterThan(0.35);
  });

  it('is the same from the same seed, and another from another seed', () => {
    expect(events(5000, 7)).toEqual(events(5000, 7));
    expect(events(5000, 8)).not.toEqual(events(5000, 7));
    expect(trendingItems(7, 500, clock.startTime)).toEqual(trendingItems(7, 500, clock.startTime));
  });
});
