import { Rng } from '../rng.js';
import { WORLD_STREAM } from './types.js';

/**
 * Simulated time runs TIME_SCALE times faster than event time: one second of event time is
 * four simulated minutes, a simulated day six minutes. So a card pays a few times a simulated
 * day (5,000 cards at 50 payments/s: 3.6 a day) while an evaluation of minutes holds days of
 * each card's life. A rule's window, a trip's flight and "at night" are all read on this
 * simulated clock: a rule meaning "within 30 minutes" uses 30 / TIME_SCALE minutes of event
 * time, and the hour of day is `hour(ts * TIME_SCALE)`.
 */
export const TIME_SCALE = 240;
/** Event-time ms of one simulated minute, hour, day. */
export const SIM_MINUTE = 60_000 / TIME_SCALE;
export const SIM_HOUR = 60 * SIM_MINUTE;
export const SIM_DAY = 24 * SIM_HOUR;

/** The simulated UTC hour (fractional) of an event time. */
export const simulatedHour = (ts: number): number =>
  ((((ts * TIME_SCALE) / 3_600_000) % 24) + 24) % 24;

export interface Country {
  code: string;
  currency: string;
  /** Units of the currency per euro: amounts are drawn in euros and shown in the card's currency. */
  perEuro: number;
  lat: number;
  lon: number;
  /** Hours from UTC, one per country (a simplification), for "at night". */
  utcOffset: number;
  weight: number;
}

// The offsets cover every hour of the day with some country's night (00:00–05:00 local).
export const COUNTRIES: readonly Country[] = [
  { code: 'US', currency: 'USD', perEuro: 1.08, lat: 39.8, lon: -89.6, utcOffset: -6, weight: 20 },
  { code: 'CA', currency: 'CAD', perEuro: 1.47, lat: 49.3, lon: -123.1, utcOffset: -8, weight: 5 },
  { code: 'BR', currency: 'BRL', perEuro: 5.4, lat: -23.5, lon: -46.6, utcOffset: -3, weight: 6 },
  { code: 'GB', currency: 'GBP', perEuro: 0.85, lat: 51.5, lon: -0.1, utcOffset: 0, weight: 12 },
  { code: 'NL', currency: 'EUR', perEuro: 1, lat: 52.4, lon: 4.9, utcOffset: 1, weight: 10 },
  { code: 'DE', currency: 'EUR', perEuro: 1, lat: 52.5, lon: 13.4, utcOffset: 1, weight: 12 },
  { code: 'FR', currency: 'EUR', perEuro: 1, lat: 48.9, lon: 2.35, utcOffset: 1, weight: 10 },
  { code: 'ES', currency: 'EUR', perEuro: 1, lat: 40.4, lon: -3.7, utcOffset: 1, weight: 7 },
  { code: 'IN', currency: 'INR', perEuro: 90, lat: 19.1, lon: 72.9, utcOffset: 5.5, weight: 6 },
  { code: 'JP', currency: 'JPY', perEuro: 165, lat: 35.7, lon: 139.7, utcOffset: 9, weight: 5 },
  { code: 'AU', currency: 'AUD', perEuro: 1.65, lat: -33.9, lon: 151.2, utcOffset: 10, weight: 4 },
  { code: 'NZ', currency: 'NZD', perEuro: 1.8, lat: -36.8, lon: 174.8, utcOffset: 12, weight: 3 },
];

export interface MerchantCategory {
  name: string;
  /** Typical amount relative to the card's usual spend. */
  factor: number;
  online: boolean;
  weight: number;
}

export const MERCHANT_CATEGORIES: readonly MerchantCategory[] = [
  { name: 'grocery', factor: 1, online: false, weight: 30 },
  { name: 'restaurant', factor: 0.8, online: false, weight: 18 },
  { name: 'fuel', factor: 1.2, online: false, weight: 10 },
  { name: 'pharmacy', factor: 0.6, online: false, weight: 6 },
  { name: 'fashion', factor: 2, online: false, weight: 8 },
  { name: 'electronics', factor: 4, online: false, weight: 5 },
  { name: 'travel', factor: 6, online: true, weight: 3 },
  { name: 'online_services', factor: 0.5, online: true, weight: 12 },
  { name: 'entertainment', factor: 1.1, online: false, weight: 6 },
  { name: 'money_transfer', factor: 5, online: true, weight: 2 },
  { name: 'transit', factor: 0.15, online: false, weight: 4 },
];

export const categoryIndex = (name: string): number =>
  MERCHANT_CATEGORIES.findIndex((c) => c.name === name);

export function cumulative(weights: readonly number[]): Float64Array {
  const cum = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (cum[i] = total += w));
  return cum;
}

export function pickWeighted(rng: Rng, cum: Float64Array): number {
  const u = rng.float() * cum[cum.length - 1]!;
  let i = 0;
  while (i < cum.length - 1 && cum[i]! <= u) i++;
  return i;
}

export function indexesWhere(n: number, test: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (test(i)) out.push(i);
  return out;
}

export interface TransactionsWorldOptions {
  cards: number;
  merchants: number;
}

export interface TransactionsWorld {
  cardIds: string[];
  cardCountry: Int32Array;
  /** Median amount of a card's grocery-like payment, in euros: hidden, the pipeline estimates it. */
  cardUsualEur: Float64Array;
  /** Whether the card pays contactless when it can. */
  cardContactless: Uint8Array;
  /** What the bank knows of the card beyond its country: debit or credit. */
  cardCredit: Uint8Array;
  merchantIds: string[];
  merchantCountry: Int32Array;
  merchantCategory: Int32Array;
  /** Merchant indexes by country, and by category. */
  merchantsIn: Int32Array[];
  merchantsOf: Int32Array[];
  cardsIn: Int32Array[];
}

export function buildTransactionsWorld(
  options: TransactionsWorldOptions,
  seed: number,
): TransactionsWorld {
  const rng = new Rng(seed, WORLD_STREAM);
  const countryCum = cumulative(COUNTRIES.map((c) => c.weight));
  const categoryCum = cumulative(MERCHANT_CATEGORIES.map((c) => c.weight));
  const { cards, merchants } = options;
  const cardIds = Array.from({ length: cards }, (_, i) => `c${i}`);
  const cardCountry = new Int32Array(cards);
  const cardUsualEur = new Float64Array(cards);
  const cardContactless = new Uint8Array(cards);
  const cardCredit = new Uint8Array(cards);
  for (let i = 0; i < cards; i++) {
    cardCountry[i] = pickWeighted(rng, countryCum);
    cardUsualEur[i] = rng.logNormal(Math.log(25), 0.5);
    cardContactless[i] = rng.float() < 0.65 ? 1 : 0;
    cardCredit[i] = rng.float() < 0.4 ? 1 : 0;
  }
  const merchantIds = Array.from({ length: merchants }, (_, i) => `m${i}`);
  const merchantCountry = new Int32Array(merchants);
  const merchantCategory = new Int32Array(merchants);
  for (let i = 0; i < merchants; i++) {
    merchantCountry[i] = pickWeighted(rng, countryCum);
    merchantCategory[i] = pickWeighted(rng, categoryCum);
  }
  const group = (n: number, size: number, of: Int32Array) =>
    Array.from({ length: n }, (_, g) => Int32Array.from(indexesWhere(size, (i) => of[i] === g)));
  return {
    cardIds,
    cardCountry,
    cardUsualEur,
    cardContactless,
    cardCredit,
    merchantIds,
    merchantCountry,
    merchantCategory,
    merchantsIn: group(COUNTRIES.length, merchants, merchantCountry),
    merchantsOf: group(MERCHANT_CATEGORIES.length, merchants, merchantCategory),
    cardsIn: group(COUNTRIES.length, cards, cardCountry),
  };
}
