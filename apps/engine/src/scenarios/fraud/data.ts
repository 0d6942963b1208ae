import {
  GeneratorParams,
  openStream,
  transactionsTruth,
  type TransactionEvent,
} from '@rivulet/operators';
import type { DataFile } from '../types.js';

/**
 * The analyst's reference data about countries (centre, one UTC offset, currency and its rate
 * per euro): public facts, kept here as any risk team keeps them, not read from the generator.
 */
export const COUNTRIES: Record<
  string,
  { lat: number; lon: number; utcOffset: number; currency: string; perEuro: number }
> = {
  US: { lat: 39.8, lon: -89.6, utcOffset: -6, currency: 'USD', perEuro: 1.08 },
  CA: { lat: 49.3, lon: -123.1, utcOffset: -8, currency: 'CAD', perEuro: 1.47 },
  BR: { lat: -23.5, lon: -46.6, utcOffset: -3, currency: 'BRL', perEuro: 5.4 },
  GB: { lat: 51.5, lon: -0.1, utcOffset: 0, currency: 'GBP', perEuro: 0.85 },
  NL: { lat: 52.4, lon: 4.9, utcOffset: 1, currency: 'EUR', perEuro: 1 },
  DE: { lat: 52.5, lon: 13.4, utcOffset: 1, currency: 'EUR', perEuro: 1 },
  FR: { lat: 48.9, lon: 2.35, utcOffset: 1, currency: 'EUR', perEuro: 1 },
  ES: { lat: 40.4, lon: -3.7, utcOffset: 1, currency: 'EUR', perEuro: 1 },
  IN: { lat: 19.1, lon: 72.9, utcOffset: 5.5, currency: 'INR', perEuro: 90 },
  JP: { lat: 35.7, lon: 139.7, utcOffset: 9, currency: 'JPY', perEuro: 165 },
  AU: { lat: -33.9, lon: 151.2, utcOffset: 10, currency: 'AUD', perEuro: 1.65 },
  NZ: { lat: -36.8, lon: 174.8, utcOffset: 12, currency: 'NZD', perEuro: 1.8 },
};

/**
 * 5,000 cards at the template's 50 payments/s on the generator's simulated clock (a day is six
 * minutes of event time): each card pays about 3.6 times a simulated day. 600 merchants.
 */
export const FRAUD_SETTINGS = { cards: 5_000, merchants: 600, fraudRate: 0.002 };
export const FRAUD_RATE_PER_SEC = 50;

/**
 * The generator's simulated clock runs 240 times faster than event time (documented with the
 * scenario): a simulated minute is 250 ms, a day 6 minutes. The rules' windows are written in
 * simulated time and converted with it, and the hour of day is hour(ts * TIME_SCALE).
 */
export const TIME_SCALE = 240;
/** Event-time ms of a simulated duration given in minutes. */
export const simMinutes = (minutes: number): number => (minutes * 60_000) / TIME_SCALE;

export function haversineKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Card profiles as a bank has them: home country, its UTC offset, billing currency, credit or
 * debit. Not what the card usually spends: the pipeline learns that from its own payments.
 */
export function cardProfiles(seed: number): DataFile {
  const truth = transactionsTruth(FRAUD_SETTINGS, seed);
  return {
    path: 'card-profiles.jsonl',
    lines: truth.cards.map((c) =>
      JSON.stringify({
        cardId: c.cardId,
        homeCountry: c.homeCountry,
        utcOffset: COUNTRIES[c.homeCountry]?.utcOffset ?? 0,
        currency: c.currency,
        cardType: c.cardType,
      }),
    ),
  };
}

/** Exchange rates: units of each billing currency per euro (public). */
export function fxRates(): DataFile {
  const rates = new Map(Object.values(COUNTRIES).map((c) => [c.currency, c.perEuro]));
  return {
    path: 'fx-rates.jsonl',
    lines: [...rates].map(([currency, perEuro]) => JSON.stringify({ currency, perEuro })),
  };
}

/** Distances between countries, by "home-there" pair. */
export function countryDistances(): DataFile {
  const lines: string[] = [];
  for (const [a, pa] of Object.entries(COUNTRIES))
    for (const [b, pb] of Object.entries(COUNTRIES))
      lines.push(JSON.stringify({ pair: `${a}-${b}`, km: Math.round(haversineKm(pa, pb)) }));
  return { path: 'country-distances.jsonl', lines };
}

const HISTORY_EVENTS = 60_000;

/**
 * Typical spend per merchant category relative to a card's own average: the median of
 * amount / (the card's mean amount over the period) over a past period (another seed's
 * history, fraud included, as real history would have it). This is what a risk team learns
 * from its data; nothing is read from the generator's hidden state.
 */
export function categoryNorms(seed: number): DataFile {
  const params = GeneratorParams.parse({
    scenario: 'transactions',
    seed: seed + 7919,
    ...FRAUD_SETTINGS,
  });
  const { stream } = openStream(params, 0);
  const payments: TransactionEvent[] = [];
  const sums = new Map<string, { sum: number; n: number }>();
  for (let i = 0; i < HISTORY_EVENTS; i++) {
    const r = stream.next() as unknown as TransactionEvent;
    if (r.merchantCategory === null || r.amount === null) continue;
    payments.push(r);
    const s = sums.get(r.cardId) ?? { sum: 0, n: 0 };
    s.sum += r.amount;
    s.n++;
    sums.set(r.cardId, s);
  }
  const ratios = new Map<string, number[]>();
  for (const r of payments) {
    const s = sums.get(r.cardId)!;
    if (s.n < 3 || s.sum <= 0) continue;
    let list = ratios.get(r.merchantCategory!);
    if (!list) ratios.set(r.merchantCategory!, (list = []));
    list.push(r.amount! / (s.sum / s.n));
  }
  return {
    path: 'category-norms.jsonl',
    lines: [...ratios].map(([category, list]) => {
      list.sort((a, b) => a - b);
      const median = list[Math.floor(list.length / 2)]!;
      return JSON.stringify({
        merchantCategory: category,
        typicalRatio: Math.round(median * 100) / 100,
      });
    }),
  };
}

export const fraudDataFiles = (seed: number): DataFile[] => [
  cardProfiles(seed),
  fxRates(),
  categoryNorms(seed),
  countryDistances(),
];
