import { readTemplate } from '../../server/templates/read.js';

/**
 * What the evaluation needs from the document; agree.test.ts checks the document says the same.
 * The thresholds only the document reads (warm at 2.5 °C above the set point doors closed, 5 with
 * them open, re-armed within 1.5) are in it alone: apps/engine/templates/README.md.
 */
/** 100 trucks, each reporting every 10 s on average (the generator's default is 50). */
export const LOGISTICS_SETTINGS = { vehicles: 100, routes: 10 };
/** A leg arriving more than this after its scheduled arrival is late. */
export const LATE_MIN = 15;

/** The document: apps/engine/templates/logistics.json. */
export const LOGISTICS_TEMPLATE = readTemplate('logistics');
