import {
  GeneratorParams,
  openStream,
  transactionsTruth,
  type TransactionEvent,
} from '@rivulet/operators';
import type { DataFile } from '../types.js';

/**
 * The analyst's reference data about countries (centre and one UTC offset each): public
 * facts, kept here as any risk team keeps them, not read from the generator.
 */
export const COUNTRIES: Record<string, { lat: number; lon: number; utcOffset: number }> = {
  US: { lat: 39.8, lon: -89.6, utcOffset: -6 },
  CA: { lat: 49.3, lon: -123.1, utcOffset: -8 },
  BR: { lat: -23.5, lon: -46.6, utcOffset: -3 },
  GB: { lat: 51.5, lon: -0.1, utcOffset: 0 },
  NL: { lat: 52.4, lon: 4.9, utcOffset: 1 },
  DE: { lat: 52.5, lon: 13.4, utcOffset: 1 },
  FR: { lat: 48.9, lon: 2.35, utcOffset: 1 },
  ES: { lat: 40.4, lon: -3.7, utcOffset: 1 },
  IN: { lat: 19.1, lon: 72.9, utcOffset: 5.5 },
  JP: { lat: 35.7, lon: 139.7, utcOffset: 9 },
  AU: { lat: -33.9, lon: 151.2, utcOffset: 10 },
  NZ: { lat: -36.8, lon: 174.8, utcOffset: 12 },
};

/**
 * 10,000 cards at the template's 50 payments/s: a card pays every 200 s on average, so that
 * six payments of one card within a minute are rare unless something is wrong.
 */
export const FRAUD_SETTINGS = { cards: 10_000, merchants: 300, fraudRate: 0.01 };
export const FRAUD_RATE_PER_SEC = 50;

function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Card profiles as a bank has them: home country, its UTC offset, usual spend. */
export function cardProfiles(seed: number): DataFile {
  const truth = transactionsTruth(FRAUD_SETTINGS, seed);
  return {
    path: 'card-profiles.jsonl',
    lines: truth.cards.map((c) =>
      JSON.stringify({
        cardId: c.cardId,
        homeCountry: c.homeCountry,
        usualAmount: c.usualAmount,
        utcOffset: COUNTRIES[c.homeCountry]?.utcOffset ?? 0,
      }),
    ),
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

const HISTORY_EVENTS = 30_000;

/**
 * Typical spend per merchant category relative to a card's usual spend: the median of
 * amount / usualAmount over a past period (another seed's history, fraud included, as real
 * history would have it). This is what a risk team learns from its data; nothing is read
 * from the generator's code.
 */
export function categoryNorms(seed: number): DataFile {
  const historySeed = seed + 7919;
  const usual = new Map(
    transactionsTruth(FRAUD_SETTINGS, historySeed).cards.map((c) => [c.cardId, c.usualAmount]),
  );
  const params = GeneratorParams.parse({
    scenario: 'transactions',
    seed: historySeed,
    ...FRAUD_SETTINGS,
  });
  const { stream } = openStream(params, 0);
  const ratios = new Map<string, number[]>();
  for (let i = 0; i < HISTORY_EVENTS; i++) {
    const r = stream.next() as unknown as TransactionEvent;
    const u = usual.get(r.cardId);
    if (r.merchantCategory === null || r.amount === null || !u) continue;
    let list = ratios.get(r.merchantCategory);
    if (!list) ratios.set(r.merchantCategory, (list = []));
    list.push(r.amount / u);
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
  categoryNorms(seed),
  countryDistances(),
];
