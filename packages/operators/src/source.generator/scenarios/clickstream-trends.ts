import { Rng } from '../rng.js';

/** How long a set of trending items lasts before the next one takes over. */
export const TREND_PERIOD_MS = 15 * 60_000;
/** Items trending at once. */
export const TREND_ITEMS = 8;
/** Streams of the trend draws start here (0–3 build the world, drive events, shift tastes). */
const TREND_STREAM = 1000;

/**
 * The items trending during the period holding event time `t` (periods are aligned to the epoch,
 * so that a run's start does not move them): TREND_ITEMS item indexes drawn uniformly, without
 * regard to popularity, from the seed and the period alone — a trend is often an item that was
 * rarely clicked before it.
 */
export function trendingItems(seed: number, items: number, t: number): Int32Array {
  const period = Math.floor(t / TREND_PERIOD_MS);
  const rng = new Rng(seed, TREND_STREAM + (period % 1_000_000));
  const out = new Int32Array(TREND_ITEMS);
  for (let k = 0; k < TREND_ITEMS; k++) out[k] = rng.int(items);
  return out;
}
