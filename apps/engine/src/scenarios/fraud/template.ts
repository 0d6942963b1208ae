import { readTemplate } from '../../server/templates/read.js';

/**
 * The rules' thresholds and windows, in simulated time (the generator's clock runs TIME_SCALE
 * times faster than event time; simMinutes converts). The evaluation sweeps each rule's main
 * threshold around the value here.
 */
export const RULES = {
  /** Card testing: this many tiny online payments (below `tinyEur`) within `withinMin`. */
  cardTesting: { min: 3, tinyEur: 2, withinMin: 30 },
  /** Velocity: this many card-present payments within `withinMin`. */
  velocity: { min: 6, withinMin: 30 },
  /** Impossible travel: card present at home, then abroad, faster than `kmh` (within `withinMin`). */
  travel: { kmh: 1000, withinMin: 240 },
  /** Night amount: between 00:00 and 05:00 at home, over `ratio` × the card's usual for the category. */
  night: { ratio: 8, beforeHour: 5 },
  /** Takeover: credentials changed, then a transfer over `ratio` × usual within `withinMin`. */
  takeover: { ratio: 4, withinMin: 60 },
};

/**
 * The card's usual spend: the mean of its payments over two simulated days, every eight hours,
 * each divided by its category's typical ratio (so a week of groceries and one TV agree).
 */
export const HISTORY = { sizeMin: 2 * 24 * 60, slideMin: 8 * 60 };
/** A payment reads the history window that closed at least this long before it (it has fired). */
export const HISTORY_GUARD_MS = 1000;

/** The document: apps/engine/templates/fraud.json (agree.test.ts checks it uses the values above). */
export const FRAUD_TEMPLATE = readTemplate('fraud');
