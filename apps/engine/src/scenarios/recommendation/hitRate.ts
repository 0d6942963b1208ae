/** One ranking: a user's top items at one moment (the end of a topN window). */
export interface Ranking {
  at: number;
  userId: string;
  items: string[];
}

export interface HitRate {
  at: number;
  users: number;
  /** Share of users whose top items hold at least one of their favourite items. */
  hitRate: number;
  /** Share of the listed items that are favourites. */
  precision: number;
}

/** Groups topN output records into rankings per (window end, user), best rank first. */
export function rankings(
  records: readonly { windowEnd: number; userId: string; itemId: string; rank: number }[],
): Ranking[] {
  const byKey = new Map<string, { at: number; userId: string; ranked: [number, string][] }>();
  for (const r of records) {
    const key = `${r.windowEnd}\u0000${r.userId}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { at: r.windowEnd, userId: r.userId, ranked: [] }));
    entry.ranked.push([r.rank, r.itemId]);
  }
  return [...byKey.values()].map((e) => ({
    at: e.at,
    userId: e.userId,
    items: e.ranked.sort((a, b) => a[0] - b[0]).map(([, item]) => item),
  }));
}

/** Hit rate and precision of the rankings of each moment against each user's favourites. */
export function hitRates(
  ranked: readonly Ranking[],
  favourites: (userId: string, at: number) => readonly string[],
): HitRate[] {
  const byMoment = new Map<
    number,
    { users: number; hits: number; listed: number; right: number }
  >();
  for (const r of ranked) {
    let m = byMoment.get(r.at);
    if (!m) byMoment.set(r.at, (m = { users: 0, hits: 0, listed: 0, right: 0 }));
    const fav = favourites(r.userId, r.at);
    const right = r.items.filter((item) => fav.includes(item)).length;
    m.users++;
    m.listed += r.items.length;
    m.right += right;
    if (right > 0) m.hits++;
  }
  return [...byMoment]
    .sort((a, b) => a[0] - b[0])
    .map(([at, m]) => ({
      at,
      users: m.users,
      hitRate: m.hits / m.users,
      precision: m.right / m.listed,
    }));
}

/** The first moment at or after `from` whose hit rate reaches `target`; null if none. */
export function recoveredAt(
  rates: readonly HitRate[],
  from: number,
  target: number,
): number | null {
  return rates.find((r) => r.at >= from && r.hitRate >= target)?.at ?? null;
}
