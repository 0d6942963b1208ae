import { K, type Interaction, type Recommender } from './predictive.js';

/** How often (event time) the popular and trending baselines re-rank their counts. */
const REFRESH_MS = 1000;

/** The `K` items with the largest counts, the larger first (ties: the item seen first). */
function topOf(counts: Map<string, number>): string[] {
  return [...counts]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, K)
    .map(([item]) => item);
}

/** "Global popular": the items most interacted with so far, the same list for everyone. */
export function popular(): Recommender {
  const counts = new Map<string, number>();
  let list: string[] = [];
  let refreshedAt = -Infinity;
  return {
    listFor(_userId, ts) {
      if (ts - refreshedAt >= REFRESH_MS) {
        list = topOf(counts);
        refreshedAt = ts;
      }
      return list;
    },
    observe(e) {
      counts.set(e.itemId, (counts.get(e.itemId) ?? 0) + 1);
    },
  };
}

/** "Recently trending": the items most interacted with in the last `windowMs`. */
export function trending(windowMs: number): Recommender {
  const counts = new Map<string, number>();
  const recent: Interaction[] = [];
  let head = 0;
  let list: string[] = [];
  let refreshedAt = -Infinity;
  return {
    listFor(_userId, ts) {
      if (ts - refreshedAt >= REFRESH_MS) {
        for (; head < recent.length && recent[head]!.ts <= ts - windowMs; head++) {
          const item = recent[head]!.itemId;
          counts.set(item, counts.get(item)! - 1);
        }
        list = topOf(counts);
        refreshedAt = ts;
      }
      return list;
    },
    observe(e) {
      recent.push(e);
      counts.set(e.itemId, (counts.get(e.itemId) ?? 0) + 1);
    },
  };
}

/** "Last items clicked": the shopper's last `K` distinct items, the latest first. */
export function lastClicked(): Recommender {
  const lists = new Map<string, string[]>();
  return {
    listFor(userId) {
      return lists.get(userId);
    },
    observe(e) {
      const before = lists.get(e.userId) ?? [];
      lists.set(e.userId, [e.itemId, ...before.filter((i) => i !== e.itemId)].slice(0, K));
    },
  };
}
