import { describe, expect, it } from 'vitest';
import type { ClickEvent, ClickstreamOptions } from './clickstream.js';
import { clickstream, clickstreamTruth } from './clickstream.js';

const clock = { startTime: Date.UTC(2026, 0, 1), meanGapMs: 1 };
const options: ClickstreamOptions = { users: 1000, items: 500, categories: 20 };

function events(n: number, opts = options, seed = 1): ClickEvent[] {
  const stream = clickstream(opts, seed, clock);
  return Array.from({ length: n }, () => stream.next() as ClickEvent);
}

describe('clickstream', () => {
  const sample = events(100_000);

  it('gives every event the documented fields, in time order', () => {
    const truth = clickstreamTruth(options, 1);
    const items = new Map(truth.items.map((i) => [i.itemId, i]));
    let last = -Infinity;
    const problems: string[] = [];
    const keys = ['type', 'userId', 'sessionId', 'itemId', 'category', 'price', 'ts'].join();
    for (const e of sample) {
      const item = items.get(e.itemId);
      const ok =
        Object.keys(e).join() === keys &&
        ['view', 'cart', 'purchase'].includes(e.type) &&
        /^u\d+$/.test(e.userId) &&
        /^s\d+$/.test(e.sessionId) &&
        item !== undefined &&
        e.category === item.category &&
        e.price === item.price &&
        Number.isInteger(e.ts) &&
        e.ts >= last;
      if (!ok) problems.push(JSON.stringify(e));
      last = e.ts;
    }
    expect(problems.slice(0, 3)).toEqual([]);
  });

  it('groups events into sessions of one user each, several events long, with small gaps', () => {
    const sessions = new Map<string, ClickEvent[]>();
    for (const e of sample) {
      const list = sessions.get(e.sessionId) ?? [];
      list.push(e);
      sessions.set(e.sessionId, list);
    }
    const lengths = [...sessions.values()].map((s) => s.length);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(mean).toBeGreaterThan(3);
    for (const list of sessions.values()) {
      expect(new Set(list.map((e) => e.userId)).size).toBe(1);
    }
    // A user has one open session at a time: its sessions do not overlap.
    const spans = new Map<string, [number, number][]>();
    for (const list of sessions.values()) {
      const user = list[0]!.userId;
      spans.set(user, [...(spans.get(user) ?? []), [list[0]!.ts, list[list.length - 1]!.ts]]);
    }
    for (const list of spans.values()) {
      list.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < list.length; i++)
        expect(list[i]![0]).toBeGreaterThanOrEqual(list[i - 1]![1]);
    }
  });

  it('follows the funnel: a cart is of the item just viewed, a purchase of the item carted', () => {
    const previous = new Map<string, ClickEvent>();
    const counts = { view: 0, cart: 0, purchase: 0 };
    for (const e of sample) {
      counts[e.type]++;
      const before = previous.get(e.sessionId);
      if (e.type === 'cart') expect(before).toMatchObject({ type: 'view', itemId: e.itemId });
      if (e.type === 'purchase') expect(before).toMatchObject({ type: 'cart', itemId: e.itemId });
      previous.set(e.sessionId, e);
    }
    expect(counts.view).toBeGreaterThan(counts.cart);
    expect(counts.cart).toBeGreaterThan(counts.purchase);
    expect(counts.purchase).toBeGreaterThan(100);
  });

  it('makes item popularity Zipf-skewed, in the order of the hidden ranks', () => {
    const truth = clickstreamTruth(options, 1);
    const rank = new Map(truth.items.map((i) => [i.itemId, i.popularityRank]));
    const views = new Map<string, number>();
    for (const e of sample)
      if (e.type === 'view') views.set(e.itemId, (views.get(e.itemId) ?? 0) + 1);
    const sorted = [...views.values()].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top10 = sorted.slice(0, 10).reduce((a, b) => a + b, 0);
    // 10 items of 500 (2%) get far more than 2% of the views.
    expect(top10 / total).toBeGreaterThan(0.15);
    expect(sorted[0]!).toBeGreaterThan(20 * sorted[sorted.length >> 1]!);
    const byRank = (r: number) =>
      [...views].filter(([id]) => rank.get(id)! < r).reduce((a, [, n]) => a + n, 0);
    expect(byRank(5)).toBeGreaterThan(byRank(50) - byRank(45));
  });

  it("biases views to each user's hidden favourite categories and items", () => {
    const truth = clickstreamTruth(options, 1);
    const users = new Map(truth.users.map((u) => [u.userId, u]));
    let inFavouriteCategory = 0;
    let favouriteItem = 0;
    let views = 0;
    for (const e of sample) {
      if (e.type !== 'view') continue;
      views++;
      const user = users.get(e.userId)!;
      if (user.favouriteCategories.includes(e.category)) inFavouriteCategory++;
      if (user.favouriteItems.includes(e.itemId)) favouriteItem++;
    }
    // Without preferences: about 3 of 20 categories (15%) and 3 of 500 items (well under 1%).
    // Only partly: related items, trends and the catalogue at large take most views.
    expect(inFavouriteCategory / views).toBeGreaterThan(0.4);
    expect(favouriteItem / views).toBeGreaterThan(0.08);
    for (const user of truth.users.slice(0, 50)) {
      expect(new Set(user.favouriteCategories).size).toBe(3);
      for (const item of user.favouriteItems) {
        const category = truth.items.find((i) => i.itemId === item)!.category;
        expect(user.favouriteCategories).toContain(category);
      }
    }
  });

  it('shifts every user to new favourites at preferenceShiftAt, and only then', () => {
    const shiftAt = clock.startTime + 50_000;
    const shifting = { ...options, preferenceShiftAt: shiftAt };
    const truth = clickstreamTruth(shifting, 1);
    expect(truth.users.map(({ shifted: _, ...u }) => u)).toEqual(
      clickstreamTruth(options, 1).users,
    );
    // A shift after the sample changes nothing.
    expect(events(20_000, { ...options, preferenceShiftAt: clock.startTime + 1e9 })).toEqual(
      sample.slice(0, 20_000),
    );
    const shifted = events(100_000, shifting);
    expect(shifted.filter((e) => e.ts < shiftAt - 60_000)).toEqual(
      sample.filter((e) => e.ts < shiftAt - 60_000),
    );
    const users = new Map(truth.users.map((u) => [u.userId, u]));
    let oldItem = 0;
    let newItem = 0;
    let views = 0;
    for (const e of shifted) {
      if (e.type !== 'view' || e.ts < shiftAt + 10_000) continue;
      views++;
      const user = users.get(e.userId)!;
      if (user.favouriteItems.includes(e.itemId)) oldItem++;
      if (user.shifted!.favouriteItems.includes(e.itemId)) newItem++;
    }
    expect(newItem / views).toBeGreaterThan(0.08);
    expect(oldItem / views).toBeLessThan(0.05);
  });

  it('rebuilds the same hidden truth from the seed, and another from another seed', () => {
    expect(clickstreamTruth(options, 3)).toEqual(clickstreamTruth(options, 3));
    expect(clickstreamTruth(options, 3).users).not.toEqual(clickstreamTruth(options, 4).users);
  });

  it('copes with tiny worlds: one user, one item, more categories than items', () => {
    const tiny = events(2000, { users: 1, items: 1, categories: 5 });
    expect(new Set(tiny.map((e) => e.userId))).toEqual(new Set(['u0']));
    expect(new Set(tiny.map((e) => e.itemId))).toEqual(new Set(['i0']));
    const few = events(2000, { users: 3, items: 4, categories: 10 });
    expect(few.every((e) => e.ts >= clock.startTime)).toBe(true);
  });

  it('uses realistic session gaps when there are enough users', () => {
    const many = events(50_000, { users: 100_000, items: 5000, categories: 40 });
    const last = new Map<string, number>();
    const gaps: number[] = [];
    for (const e of many) {
      const before = last.get(e.sessionId);
      if (before !== undefined) gaps.push(e.ts - before);
      last.set(e.sessionId, e.ts);
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(5_000);
    expect(mean).toBeLessThan(20_000);
  });
});
