import { readTemplate } from '../../server/templates/read.js';

/**
 * What the evaluation needs from the document; agree.test.ts checks the document says the same.
 * The candidates' scores are written in the document alone (apps/engine/templates/README.md).
 */
/** 500 shoppers at 50 clicks/s: about 6 clicks per shopper per minute. */
export const SHOP_SETTINGS = { users: 500, items: 500, categories: 20 };
export const SHOP_RATE_PER_SEC = 50;

/** The document: apps/engine/templates/recommendation.json. */
export const RECOMMENDATION_TEMPLATE = readTemplate('recommendation');
