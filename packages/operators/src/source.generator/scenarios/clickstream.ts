import { MinHeap } from '../heap.js';
import { Rng, round2, searchCdf } from '../rng.js';
import { TREND_PERIOD_MS, trendingItems } from './clickstream-trends.js';
import type { Clock, ScenarioStream, TimedRecord } from './types.js';
import { EVENT_STREAM, WORLD_STREAM } from './types.js';

export interface ClickstreamOptions {
  users: number;
  items: number;
  categories: number;
  /**
   * Event time (ms) from which every user's hidden preferences change to a second, independent
   * draw: sessions opened from then on follow the new favourites. Absent: no shift. Not a
   * generator param (yet): the engine's scenario evaluation sets it to measure adaptation.
   */
  preferenceShiftAt?: number;
}

export type ClickType = 'view' | 'cart' | 'purchase';

export interface ClickEvent extends TimedRecord {
  type: ClickType;
  userId: string;
  sessionId: string;
  itemId: string;
  category: string;
  price: number;
  ts: number;
}

/** Zipf exponent of item popularity: weight of rank r (from 1) is 1 / r^s. */
const ZIPF_S = 1.1;
const FAVOURITE_CATEGORIES = 3;
const FAVOURITE_ITEMS = 3;
/**
 * What a view is of: each share below, in order; the rest goes to the catalogue at large (by
 * popularity). The first two need a session that has viewed something already; a session's
 * first view draws among the others. Only part of this is predictable from a shopper's own
 * past: going back to an item is; a related item is from other shoppers' sessions; a trend
 * is from everyone's last minutes; a favourite category mostly brings items never clicked.
 */
/** Back to an item viewed earlier in the session. */
const P_VIEW_AGAIN = 0.12;
/** An item related to the one just viewed (accessories, alternatives): RELATED_ITEMS per item. */
const P_VIEW_RELATED = 0.25;
const P_VIEW_FAVOURITE_ITEM = 0.08;
const P_VIEW_FAVOURITE_CATEGORY = 0.22;
/** One of the items trending now: TREND_ITEMS drawn anew every TREND_PERIOD_MS. */
const P_VIEW_TREND = 0.1;
const RELATED_ITEMS = 5;
/** Of an item's related items, this share is of its own category, the rest of any category. */
const P_RELATED_SAME_CATEGORY = 0.6;
/** Items a session remembers for going back (its last views). */
const SESSION_MEMORY = 4;
const P_CART = 0.08;
const P_CART_FAVOURITE = 0.2;
const P_PURCHASE_AFTER_CART = 0.4;
/** Events per session: geometric with this mean (continuation probability 1 - 1/mean). */
const MEAN_SESSION_EVENTS = 6;
/** Mean gap between the events of a session, when there are enough users to afford it. */
const MAX_SESSION_GAP_MS = 15_000;

const CATEGORY_NAMES = [
  'electronics',
  'books',
  'fashion',
  'home',
  'garden',
  'toys',
  'sports',
  'beauty',
  'grocery',
  'music',
  'games',
  'automotive',
  'pets',
  'office',
  'health',
  'jewelry',
  'shoes',
  'baby',
  'tools',
  'outdoor',
  'kitchen',
  'movies',
  'art',
  'travel',
];

/** The hidden world of a clickstream: what a recommender or segmentation should discover. */
export interface ClickstreamWorld {
  userIds: string[];
  itemIds: string[];
  categoryNames: string[];
  /** Category index of each item. */
  itemCategory: Int32Array;
  itemPrice: Float64Array;
  /** Popularity rank of each item (0 = most viewed at random). */
  itemRank: Int32Array;
  /** Cumulative Zipf weight of items in rank order, and the item at each rank. */
  rankCdf: Float64Array;
  itemAtRank: Int32Array;
  /** Items grouped by category (each group in rank order), with their cumulative weights. */
  categoryStart: Int32Array;
  categoryItems: Int32Array;
  categoryCdf: Float64Array;
  /** FAVOURITE_CATEGORIES category indexes per user, then FAVOURITE_ITEMS item indexes. */
  favouriteCategories: Int32Array;
  favouriteItems: Int32Array;
  /** RELATED_ITEMS item indexes per item: what shoppers view next after it, more than others. */
  related: Int32Array;
}

export function buildClickstreamWorld(options: ClickstreamOptions, seed: number): ClickstreamWorld {
  const rng = new Rng(seed, WORLD_STREAM);
  const { users, items } = options;
  const categories = Math.min(options.categories, items);
  const categoryNames = Array.from({ length: categories }, (_, c) =>
    c < CATEGORY_NAMES.length ? CATEGORY_NAMES[c]! : `category-${c}`,
  );
  const userIds = Array.from({ length: users }, (_, u) => `u${u}`);
  const itemIds = Array.from({ length: items }, (_, i) => `i${i}`);

  // Categories: the first `categories` items seed one each so that none is empty.
  const itemCategory = new Int32Array(items);
  for (let i = 0; i < items; i++) itemCategory[i] = i < categories ? i : rng.int(categories);
  const categoryBase = Array.from({ length: categories }, () => rng.logNormal(3, 0.8));
  const itemPrice = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    itemPrice[i] = Math.max(0.99, round2(categoryBase[itemCategory[i]!]! * rng.logNormal(0, 0.4)));
  }

  // Popularity: a random permutation, so that ids do not give the rank away.
  const itemAtRank = new Int32Array(items);
  for (let i = 0; i < items; i++) itemAtRank[i] = i;
  for (let i = items - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = itemAtRank[i]!;
    itemAtRank[i] = itemAtRank[j]!;
    itemAtRank[j] = t;
  }
  const itemRank = new Int32Array(items);
  const rankCdf = new Float64Array(items);
  let total = 0;
  for (let r = 0; r < items; r++) {
    itemRank[itemAtRank[r]!] = r;
    total += 1 / Math.pow(r + 1, ZIPF_S);
    rankCdf[r] = total;
  }

  const categoryStart = new Int32Array(categories + 1);
  for (let i = 0; i < items; i++) categoryStart[itemCategory[i]! + 1]!++;
  for (let c = 0; c < categories; c++) categoryStart[c + 1]! += categoryStart[c]!;
  const fill = categoryStart.slice(0, categories);
  const categoryItems = new Int32Array(items);
  const categoryCdf = new Float64Array(items);
  for (let r = 0; r < items; r++) {
    const item = itemAtRank[r]!;
    const c = itemCategory[item]!;
    const at = fill[c]!++;
    categoryItems[at] = item;
    const before = at > categoryStart[c]! ? categoryCdf[at - 1]! : 0;
    categoryCdf[at] = before + 1 / Math.pow(r + 1, ZIPF_S);
  }

  const { favouriteCategories, favouriteItems } = drawFavourites(
    rng,
    users,
    categories,
    categoryStart,
    categoryItems,
  );
  const related = drawRelated(rng, items, itemCategory, categoryStart, categoryItems);

  return {
    userIds,
    itemIds,
    categoryNames,
    itemCategory,
    itemPrice,
    itemRank,
    rankCdf,
    itemAtRank,
    categoryStart,
    categoryItems,
    categoryCdf,
    favouriteCategories,
    favouriteItems,
    related,
  };
}

/**
 * RELATED_ITEMS other items per item (none when the catalogue has one item): most of its own
 * category, the rest of any, each uniformly, not by popularity, so that a related item is
 * often one the shopper never saw.
 */
function drawRelated(
  rng: Rng,
  items: number,
  itemCategory: Int32Array,
  categoryStart: Int32Array,
  categoryItems: Int32Array,
): Int32Array {
  const related = new Int32Array(items * RELATED_ITEMS);
  for (let i = 0; i < items; i++) {
    const c = itemCategory[i]!;
    const from = categoryStart[c]!;
    const size = categoryStart[c + 1]! - from;
    for (let k = 0; k < RELATED_ITEMS; k++) {
      let j = i;
      for (let tries = 0; j === i && tries < 8; tries++) {
        j =
          rng.float() < P_RELATED_SAME_CATEGORY && size > 1
            ? categoryItems[from + rng.int(size)]!
            : rng.int(items);
      }
      related[i * RELATED_ITEMS + k] = j;
    }
  }
  return related;
}

/** FAVOURITE_CATEGORIES categories per user, then FAVOURITE_ITEMS items of them. */
function drawFavourites(
  rng: Rng,
  users: number,
  categories: number,
  categoryStart: Int32Array,
  categoryItems: Int32Array,
): { favouriteCategories: Int32Array; favouriteItems: Int32Array } {
  const nFavCategories = Math.min(FAVOURITE_CATEGORIES, categories);
  const favouriteCategories = new Int32Array(users * FAVOURITE_CATEGORIES);
  const favouriteItems = new Int32Array(users * FAVOURITE_ITEMS);
  for (let u = 0; u < users; u++) {
    const base = u * FAVOURITE_CATEGORIES;
    for (let k = 0; k < FAVOURITE_CATEGORIES; k++) {
      let c = rng.int(categories);
      // Distinct favourites while there are enough categories; repeats otherwise.
      for (let tries = 0; k < nFavCategories && tries < 32; tries++) {
        let taken = false;
        for (let j = 0; j < k; j++) if (favouriteCategories[base + j] === c) taken = true;
        if (!taken) break;
        c = rng.int(categories);
      }
      favouriteCategories[base + k] = c;
    }
    for (let k = 0; k < FAVOURITE_ITEMS; k++) {
      // A favourite item is any item (uniformly, not by popularity) of a favourite category.
      const c = favouriteCategories[base + rng.int(FAVOURITE_CATEGORIES)]!;
      const from = categoryStart[c]!;
      favouriteItems[u * FAVOURITE_ITEMS + k] =
        categoryItems[from + rng.int(categoryStart[c + 1]! - from)]!;
    }
  }

  return { favouriteCategories, favouriteItems };
}

/** Stream of the second, independent draw of preferences used after a preference shift. */
const SHIFT_STREAM = 3;

/** The preferences users switch to at `preferenceShiftAt`. */
function shiftedFavourites(
  w: ClickstreamWorld,
  seed: number,
): { favouriteCategories: Int32Array; favouriteItems: Int32Array } {
  return drawFavourites(
    new Rng(seed, SHIFT_STREAM),
    w.userIds.length,
    w.categoryNames.length,
    w.categoryStart,
    w.categoryItems,
  );
}

export interface ClickstreamTruth {
  users: {
    userId: string;
    favouriteCategories: string[];
    favouriteItems: string[];
    /** With `preferenceShiftAt`: the favourites from then on. */
    shifted?: { favouriteCategories: string[]; favouriteItems: string[] };
  }[];
  items: {
    itemId: string;
    category: string;
    price: number;
    popularityRank: number;
    /** What shoppers view next after this item, more than others. */
    related: string[];
  }[];
}

/** The hidden preferences and popularity behind `clickstream(options, seed)`, as plain data. */
export function clickstreamTruth(options: ClickstreamOptions, seed: number): ClickstreamTruth {
  const w = buildClickstreamWorld(options, seed);
  const named = (
    fav: { favouriteCategories: Int32Array; favouriteItems: Int32Array },
    u: number,
  ) => ({
    favouriteCategories: Array.from(
      fav.favouriteCategories.subarray(u * FAVOURITE_CATEGORIES, (u + 1) * FAVOURITE_CATEGORIES),
      (c) => w.categoryNames[c]!,
    ),
    favouriteItems: Array.from(
      fav.favouriteItems.subarray(u * FAVOURITE_ITEMS, (u + 1) * FAVOURITE_ITEMS),
      (i) => w.itemIds[i]!,
    ),
  });
  const shifted = options.preferenceShiftAt === undefined ? null : shiftedFavourites(w, seed);
  const users = w.userIds.map((userId, u) => ({
    userId,
    ...named(w, u),
    ...(shifted ? { shifted: named(shifted, u) } : {}),
  }));
  const items = w.itemIds.map((itemId, i) => ({
    itemId,
    category: w.categoryNames[w.itemCategory[i]!]!,
    price: w.itemPrice[i]!,
    popularityRank: w.itemRank[i]!,
    related: Array.from(
      w.related.subarray(i * RELATED_ITEMS, (i + 1) * RELATED_ITEMS),
      (j) => w.itemIds[j]!,
    ),
  }));
  return { users, items };
}

const VIEWED = 0;
const CARTED = 1;
const PURCHASED = 2;

/**
 * Shop sessions as a discrete-event simulation. Sessions start as a Poisson process; each
 * session belongs to one user (a user has at most one open session), emits a geometric number
 * of events separated by exponential gaps, and moves view → cart → purchase. Every gap is
 * memoryless, so the simulation starts in its steady state: the sessions already open at
 * `startTime` are created up front, and the rate is right from the first event.
 */
export function clickstream(
  options: ClickstreamOptions,
  seed: number,
  clock: Clock,
): ScenarioStream {
  const w = buildClickstreamWorld(options, seed);
  const rng = new Rng(seed, EVENT_STREAM);
  const users = options.users;
  const itemCount = w.itemIds.length;
  const { userIds, itemIds, categoryNames, itemCategory, itemPrice, rankCdf, itemAtRank } = w;
  const { categoryStart, categoryItems, categoryCdf } = w;
  const shiftAt = options.preferenceShiftAt ?? Infinity;
  const shifted = shiftAt === Infinity ? w : shiftedFavourites(w, seed);
  const rankTotal = rankCdf[itemCount - 1]!;

  const continueP = 1 - 1 / MEAN_SESSION_EVENTS;
  // Open sessions ≈ gap × rate × continueP: keep them to a quarter of the users, so that a
  // user is rarely busy when picked, by shortening the gaps when users are few.
  const sessionGap = Math.min(MAX_SESSION_GAP_MS, (users * clock.meanGapMs) / continueP / 4);
  const arrivalGap = clock.meanGapMs * MEAN_SESSION_EVENTS;

  // Open sessions live in dense slots (a freed slot is reused first) holding copies of their
  // user's id and favourites: per event only these small arrays are touched, not the
  // users' arrays, which is what keeps 100,000 users fast.
  const busy = new Uint8Array(users);
  const slotUser = new Int32Array(users);
  const slotStage = new Uint8Array(users);
  const slotItem = new Int32Array(users);
  const slotFavCategories = new Int32Array(users * FAVOURITE_CATEGORIES);
  const slotFavItems = new Int32Array(users * FAVOURITE_ITEMS);
  const slotUserId: string[] = [];
  const slotSession: string[] = [];
  const freeSlots = new Int32Array(users);
  let freeCount = 0;
  let slotsUsed = 0;
  const open = new MinHeap(1024);
  let sessions = 0;

  // The last SESSION_MEMORY items each open session viewed (a ring), and how many it viewed.
  const slotMemory = new Int32Array(users * SESSION_MEMORY);
  const slotViews = new Int32Array(users);
  const related = w.related;
  let trendUntil = -Infinity;
  let trending: Int32Array = new Int32Array(0);

  const pickItem = (slot: number, t: number): number => {
    const seen = slotViews[slot]!;
    // A session's first view cannot go back nor follow a related item: it draws among the rest.
    const inSession = P_VIEW_AGAIN + P_VIEW_RELATED;
    let r = seen === 0 ? inSession + rng.float() * (1 - inSession) : rng.float();
    if (r < P_VIEW_AGAIN) {
      const back = Math.min(seen, SESSION_MEMORY);
      if (back > 1) {
        // One of the earlier remembered views, not the current one.
        const k = (seen - 2 - rng.int(back - 1)) % SESSION_MEMORY;
        return slotMemory[slot * SESSION_MEMORY + k]!;
      }
      r = P_VIEW_AGAIN; // nothing to go back to: a related item instead
    }
    r -= P_VIEW_AGAIN;
    if (r < P_VIEW_RELATED) {
      const current = slotItem[slot]!;
      return related[current * RELATED_ITEMS + rng.int(RELATED_ITEMS)]!;
    }
    r -= P_VIEW_RELATED;
    if (r < P_VIEW_FAVOURITE_ITEM) {
      return slotFavItems[slot * FAVOURITE_ITEMS + rng.int(FAVOURITE_ITEMS)]!;
    }
    r -= P_VIEW_FAVOURITE_ITEM;
    if (r < P_VIEW_FAVOURITE_CATEGORY) {
      // Zipf within the category: its cumulative weights restart at 0 at each category.
      const c = slotFavCategories[slot * FAVOURITE_CATEGORIES + rng.int(FAVOURITE_CATEGORIES)]!;
      const from = categoryStart[c]!;
      const to = categoryStart[c + 1]!;
      const at = searchCdf(categoryCdf, from, to, rng.float() * categoryCdf[to - 1]!);
      return categoryItems[at]!;
    }
    r -= P_VIEW_FAVOURITE_CATEGORY;
    if (r < P_VIEW_TREND) {
      if (t >= trendUntil) {
        trending = trendingItems(seed, itemCount, t);
        trendUntil = (Math.floor(t / TREND_PERIOD_MS) + 1) * TREND_PERIOD_MS;
      }
      return trending[rng.int(trending.length)]!;
    }
    return itemAtRank[searchCdf(rankCdf, 0, itemCount, rng.float() * rankTotal)]!;
  };

  /** Moves the session to a newly viewed item and remembers it. */
  const view = (slot: number, t: number): void => {
    const item = pickItem(slot, t);
    slotItem[slot] = item;
    slotMemory[slot * SESSION_MEMORY + (slotViews[slot]! % SESSION_MEMORY)] = item;
    slotViews[slot]!++;
  };

  const cartChance = (slot: number, item: number): number => {
    const c = itemCategory[item]!;
    const from = slot * FAVOURITE_CATEGORIES;
    for (let k = from; k < from + FAVOURITE_CATEGORIES; k++) {
      if (slotFavCategories[k] === c) return P_CART_FAVOURITE;
    }
    return P_CART;
  };

  const freeUser = (): number => {
    for (let tries = 0; tries < 8; tries++) {
      const u = rng.int(users);
      if (busy[u] === 0) return u;
    }
    const from = rng.int(users);
    for (let k = 0; k < users; k++) {
      const u = (from + k) % users;
      if (busy[u] === 0) return u;
    }
    return -1;
  };

  /**
   * Opens a session for a free user with a first view; returns its slot, or -1 if none is
   * free. The user's favourites are those in force at `t`.
   */
  const openSession = (t: number): number => {
    const { favouriteCategories, favouriteItems } = t >= shiftAt ? shifted : w;
    const u = freeUser();
    if (u < 0) return -1;
    busy[u] = 1;
    const slot = freeCount > 0 ? freeSlots[--freeCount]! : slotsUsed++;
    slotUser[slot] = u;
    slotUserId[slot] = userIds[u]!;
    slotSession[slot] = `s${sessions++}`;
    for (let k = 0; k < FAVOURITE_CATEGORIES; k++) {
      slotFavCategories[slot * FAVOURITE_CATEGORIES + k] =
        favouriteCategories[u * FAVOURITE_CATEGORIES + k]!;
    }
    for (let k = 0; k < FAVOURITE_ITEMS; k++) {
      slotFavItems[slot * FAVOURITE_ITEMS + k] = favouriteItems[u * FAVOURITE_ITEMS + k]!;
    }
    slotStage[slot] = VIEWED;
    slotViews[slot] = 0;
    view(slot, t);
    return slot;
  };

  const closeSession = (slot: number): void => {
    busy[slotUser[slot]!] = 0;
    freeSlots[freeCount++] = slot;
  };

  // Steady state at the start: sessions already open.
  const initiallyOpen = Math.min(
    Math.round((sessionGap / clock.meanGapMs) * continueP),
    users >> 1,
  );
  for (let k = 0; k < initiallyOpen; k++) {
    const slot = openSession(clock.startTime);
    if (slot < 0) break;
    // Its earlier events fall before the start: begin it anew with a view, so that no cart
    // or purchase appears without the view before it.
    slotStage[slot] = PURCHASED;
    open.push(clock.startTime + rng.exp(sessionGap), slot);
  }
  let nextArrival = clock.startTime + rng.exp(arrivalGap);

  return {
    next(): ClickEvent {
      let slot: number;
      let t: number;
      let type: ClickType;
      let fromHeap = false;
      for (;;) {
        if (nextArrival <= open.topKey()) {
          t = nextArrival;
          nextArrival += rng.exp(arrivalGap);
          slot = openSession(t);
          if (slot < 0) continue; // every user is in a session: this arrival is lost
          type = 'view';
          break;
        }
        t = open.topKey();
        slot = open.topId();
        fromHeap = true;
        const s = slotStage[slot]!;
        if (s === VIEWED && rng.float() < cartChance(slot, slotItem[slot]!)) {
          type = 'cart';
          slotStage[slot] = CARTED;
        } else if (s === CARTED && rng.float() < P_PURCHASE_AFTER_CART) {
          type = 'purchase';
          slotStage[slot] = PURCHASED;
        } else {
          type = 'view';
          view(slot, t);
          slotStage[slot] = VIEWED;
        }
        break;
      }
      const item = slotItem[slot]!;
      const record: ClickEvent = {
        type,
        userId: slotUserId[slot]!,
        sessionId: slotSession[slot]!,
        itemId: itemIds[item]!,
        category: categoryNames[itemCategory[item]!]!,
        price: itemPrice[item]!,
        ts: Math.floor(t),
      };
      // A session that goes on takes the heap's top place again: one sift instead of two.
      if (rng.float() < continueP) {
        if (fromHeap) open.replaceTop(t + rng.exp(sessionGap), slot);
        else open.push(t + rng.exp(sessionGap), slot);
      } else {
        closeSession(slot);
        if (fromHeap) open.pop();
      }
      return record;
    },
  };
}
