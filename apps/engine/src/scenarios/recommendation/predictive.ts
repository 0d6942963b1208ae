/**
 * Predictive scoring of recommendation lists: each interaction of a shopper is scored against
 * the list in force for that shopper just before it (made from the past only).
 */

export interface Interaction {
  userId: string;
  itemId: string;
  ts: number;
}

/** What a recommender knows: the list it shows `userId` at `ts`, then the interaction itself. */
export interface Recommender {
  listFor(userId: string, ts: number): readonly string[] | undefined;
  observe(event: Interaction): void;
}

export interface PredictiveScores {
  /** Share of interactions whose item is in the list in force (its first `k`). */
  hitAt10: number | null;
  /** Mean of 1 / log2(1 + rank) of the item in the list (0 when absent): one relevant item. */
  ndcgAt10: number | null;
  /** Share of the catalogue in at least one list in force at a scored interaction. */
  coverage: number | null;
  /** Mean −log2 of the popularity (share of all interactions) of the items listed. */
  novelty: number | null;
  /** hitAt10 on interactions with an item the shopper had never interacted with before. */
  hitAt10NewItems: number | null;
  /** Interactions scored. */
  evaluated: number;
}

export const K = 10;

/** Accumulates one recommender's scores. */
export class Scorer {
  private hits = 0;
  private gain = 0;
  private evaluated = 0;
  private newHits = 0;
  private newEvaluated = 0;
  private listed = 0;
  private surprise = 0;
  private readonly recommended = new Set<string>();

  constructor(
    private readonly catalogue: number,
    private readonly popularity: (itemId: string) => number,
  ) {}

  score(list: readonly string[] | undefined, itemId: string, isNew: boolean): void {
    this.evaluated++;
    if (isNew) this.newEvaluated++;
    const top = list === undefined ? [] : list.slice(0, K);
    const at = top.indexOf(itemId);
    if (at >= 0) {
      this.hits++;
      this.gain += 1 / Math.log2(at + 2);
      if (isNew) this.newHits++;
    }
    for (const item of top) {
      this.recommended.add(item);
      this.listed++;
      this.surprise -= Math.log2(this.popularity(item));
    }
  }

  result(): PredictiveScores {
    const share = (x: number, n: number) => (n === 0 ? null : x / n);
    return {
      hitAt10: share(this.hits, this.evaluated),
      ndcgAt10: share(this.gain, this.evaluated),
      coverage: share(this.recommended.size, this.catalogue),
      novelty: share(this.surprise, this.listed),
      hitAt10NewItems: share(this.newHits, this.newEvaluated),
      evaluated: this.evaluated,
    };
  }
}

/**
 * Runs every recommender over the interactions in time order: each interaction from `from` on
 * is scored against each recommender's list before the recommender sees it.
 */
export function evaluateRecommenders(
  events: readonly Interaction[],
  recommenders: Record<string, Recommender>,
  options: { from: number; catalogue: number },
): Record<string, PredictiveScores> {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.itemId, (counts.get(e.itemId) ?? 0) + 1);
  // Add-one smoothing, so that an item never interacted with has a finite novelty.
  const total = events.length + options.catalogue;
  const popularity = (item: string) => ((counts.get(item) ?? 0) + 1) / total;
  const names = Object.keys(recommenders);
  const scorers = names.map(() => new Scorer(options.catalogue, popularity));
  const seen = new Map<string, Set<string>>();
  for (const e of events) {
    let mine = seen.get(e.userId);
    if (mine === undefined) seen.set(e.userId, (mine = new Set()));
    if (e.ts >= options.from) {
      const isNew = !mine.has(e.itemId);
      names.forEach((name, i) =>
        scorers[i]!.score(recommenders[name]!.listFor(e.userId, e.ts), e.itemId, isNew),
      );
    }
    mine.add(e.itemId);
    for (const name of names) recommenders[name]!.observe(e);
  }
  return Object.fromEntries(names.map((name, i) => [name, scorers[i]!.result()]));
}

/** The pipeline's lists: per shopper, in time order, each in force from just after its time. */
export function listsRecommender(
  lists: readonly { userId: string; ts: number; items: readonly string[] }[],
): Recommender {
  const byUser = new Map<string, { ts: number; items: readonly string[] }[]>();
  for (const l of lists) {
    let mine = byUser.get(l.userId);
    if (mine === undefined) byUser.set(l.userId, (mine = []));
    mine.push(l);
  }
  for (const mine of byUser.values()) mine.sort((a, b) => a.ts - b.ts);
  const cursor = new Map<string, number>();
  return {
    listFor(userId, ts) {
      const mine = byUser.get(userId);
      if (mine === undefined) return undefined;
      let i = cursor.get(userId) ?? -1;
      while (i + 1 < mine.length && mine[i + 1]!.ts < ts) i++;
      cursor.set(userId, i);
      return i < 0 ? undefined : mine[i]!.items;
    },
    observe() {},
  };
}

/** Groups the records of a topN into lists per (shopper, window start), best rank first. */
export function listsOf(
  records: readonly { userId: string; itemId: string; rank: number; windowStart: number }[],
): { userId: string; ts: number; items: string[] }[] {
  const byKey = new Map<string, { userId: string; ts: number; ranked: [number, string][] }>();
  for (const r of records) {
    const key = `${r.windowStart}\u0000${r.userId}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { userId: r.userId, ts: r.windowStart, ranked: [] }));
    entry.ranked.push([r.rank, r.itemId]);
  }
  return [...byKey.values()].map((e) => ({
    userId: e.userId,
    ts: e.ts,
    items: e.ranked.sort((a, b) => a[0] - b[0]).map(([, item]) => item),
  }));
}
