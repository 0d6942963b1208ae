import { RecordQueue } from '../heap.js';
import { Rng, round2 } from '../rng.js';
import { haversineKm } from './geo.js';
import type { Clock, ScenarioStream, TimedRecord } from './types.js';
import { EVENT_STREAM, WORLD_STREAM } from './types.js';

export interface TransactionsOptions {
  cards: number;
  merchants: number;
  fraudRate: number;
}

export const FRAUD_TYPES = [
  'card_testing',
  'velocity',
  'impossible_travel',
  'night_amount',
  'account_takeover',
] as const;
export type FraudType = (typeof FRAUD_TYPES)[number];

export interface TransactionEvent extends TimedRecord {
  type: 'payment' | 'credential_change';
  txId: string;
  cardId: string;
  /** Null on a credential change. */
  merchantId: string | null;
  merchantCategory: string | null;
  /** Where it happened: the merchant's country, or where a credential change came from. */
  country: string;
  /** In the card's billing currency, 2 decimals; null on a credential change. */
  amount: number | null;
  currency: string;
  channel: 'chip' | 'contactless' | 'online';
  isFraud: boolean;
  fraudType: FraudType | null;
  ts: number;
}

/** The fields of every TransactionEvent, in order (tested): the canvas offers them before a run. */
export const TRANSACTION_FIELDS: readonly string[] = [
  'type',
  'txId',
  'cardId',
  'merchantId',
  'merchantCategory',
  'country',
  'amount',
  'currency',
  'channel',
  'isFraud',
  'fraudType',
  'ts',
];

interface Country {
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
const COUNTRIES: readonly Country[] = [
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

interface MerchantCategory {
  name: string;
  /** Typical amount relative to the card's usual spend. */
  factor: number;
  online: boolean;
  weight: number;
}

const MERCHANT_CATEGORIES: readonly MerchantCategory[] = [
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
];

const TRANSFER = MERCHANT_CATEGORIES.findIndex((c) => c.name === 'money_transfer');
const AMOUNT_SIGMA = 0.6;
/** Share of a card's normal payments made online (card not present) at a merchant anywhere. */
const P_ABROAD = 0.03;
/** Share of cards on a trip abroad when the stream starts. */
const P_AWAY = 0.03;
/** Per card-present normal payment: chance that the card sets off on a trip, or comes home. */
const P_LEAVE = 0.005;
const P_RETURN = 0.1;
/** A card moves between countries no faster than a flight: hours of airports plus km / speed. */
const FLIGHT_OVERHEAD_H = 2;
const FLIGHT_KMH = 800;
/** Countries at least this far apart in km make impossible travel within the pattern's time. */
const FAR_KM = 3000;
const MINUTE = 60_000;

function cumulative(weights: readonly number[]): Float64Array {
  const cum = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (cum[i] = total += w));
  return cum;
}

function pickWeighted(rng: Rng, cum: Float64Array): number {
  const u = rng.float() * cum[cum.length - 1]!;
  let i = 0;
  while (i < cum.length - 1 && cum[i]! <= u) i++;
  return i;
}

export interface TransactionsWorld {
  cardIds: string[];
  cardCountry: Int32Array;
  /** Median amount of a card's grocery-like payment, in euros. */
  cardUsualEur: Float64Array;
  /** Whether the card pays contactless when it can. */
  cardContactless: Uint8Array;
  merchantIds: string[];
  merchantCountry: Int32Array;
  merchantCategory: Int32Array;
  /** Merchant indexes by country, and by category. */
  merchantsIn: Int32Array[];
  merchantsOf: Int32Array[];
  cardsIn: Int32Array[];
}

export function buildTransactionsWorld(
  options: TransactionsOptions,
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
  for (let i = 0; i < cards; i++) {
    cardCountry[i] = pickWeighted(rng, countryCum);
    cardUsualEur[i] = rng.logNormal(Math.log(25), 0.5);
    cardContactless[i] = rng.float() < 0.65 ? 1 : 0;
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
    merchantIds,
    merchantCountry,
    merchantCategory,
    merchantsIn: group(COUNTRIES.length, merchants, merchantCountry),
    merchantsOf: group(MERCHANT_CATEGORIES.length, merchants, merchantCategory),
    cardsIn: group(COUNTRIES.length, cards, cardCountry),
  };
}

function indexesWhere(n: number, test: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (test(i)) out.push(i);
  return out;
}

export interface TransactionsTruth {
  cards: { cardId: string; homeCountry: string; currency: string; usualAmount: number }[];
  merchants: { merchantId: string; category: string; country: string }[];
}

/** The cards' home countries and usual spend (in their currency), and the merchants. */
export function transactionsTruth(options: TransactionsOptions, seed: number): TransactionsTruth {
  const w = buildTransactionsWorld(options, seed);
  return {
    cards: w.cardIds.map((cardId, i) => {
      const country = COUNTRIES[w.cardCountry[i]!]!;
      return {
        cardId,
        homeCountry: country.code,
        currency: country.currency,
        usualAmount: round2(w.cardUsualEur[i]! * country.perEuro),
      };
    }),
    merchants: w.merchantIds.map((merchantId, i) => ({
      merchantId,
      category: MERCHANT_CATEGORIES[w.merchantCategory[i]!]!.name,
      country: COUNTRIES[w.merchantCountry[i]!]!.code,
    })),
  };
}

/** Mean events per fraud pattern, by type, when types are chosen uniformly. */
const PATTERN_EVENTS = {
  card_testing: 7,
  velocity: 9,
  impossible_travel: 2,
  night_amount: 1,
  account_takeover: 2,
};
const MEAN_PATTERN_EVENTS =
  Object.values(PATTERN_EVENTS).reduce((a, b) => a + b, 0) / FRAUD_TYPES.length;

/**
 * Card payments. Normal payments arrive as a Poisson process: a random card pays a merchant
 * of the country where it is, a log-normal amount around its usual spend scaled by the
 * merchant category. A card is at home or on a trip abroad (some are when the stream starts):
 * it moves only when the time since its last card-present payment allows the flight, so that
 * normal traffic is physically possible; a few payments are made online at a merchant
 * anywhere (card not present). Fraud patterns start at random normal payments and are scheduled as
 * short sequences ahead in event time, merged in time order with the normal traffic; every
 * event of a pattern is labelled. Pattern starts are tuned so that about `fraudRate` of all
 * events are fraud.
 */
export function transactions(
  options: TransactionsOptions,
  seed: number,
  clock: Clock,
): ScenarioStream {
  const w = buildTransactionsWorld(options, seed);
  const rng = new Rng(seed, EVENT_STREAM);
  const f = options.fraudRate;
  const patternP = f / ((1 - f) * MEAN_PATTERN_EVENTS);
  const normalGap = clock.meanGapMs / (1 - f);
  const scheduled = new RecordQueue<TransactionEvent>();
  const { cardIds, cardCountry, cardUsualEur, cardContactless } = w;
  const { merchantIds, merchantCountry, merchantCategory, merchantsIn, merchantsOf, cardsIn } = w;
  const cards = cardIds.length;
  const merchants = merchantIds.length;
  const countryCum = cumulative(COUNTRIES.map((c) => c.weight));
  const online = Int32Array.from(
    indexesWhere(merchants, (i) => MERCHANT_CATEGORIES[merchantCategory[i]!]!.online),
  );
  /** Merchants where a card pays in person, by country. */
  const presentIn = merchantsIn.map((list) =>
    list.filter((i) => !MERCHANT_CATEGORIES[merchantCategory[i]!]!.online),
  );
  const km = COUNTRIES.map((a) => COUNTRIES.map((b) => haversineKm(a.lat, a.lon, b.lat, b.lon)));
  /** A country other than `from` with merchants to pay in person, or -1. */
  const tripTo = (from: number): number => {
    for (let tries = 0; tries < 8; tries++) {
      const to = pickWeighted(rng, countryCum);
      if (to !== from && presentIn[to]!.length > 0) return to;
    }
    return -1;
  };
  /** Where each card is, and the time and country of its last card-present normal payment. */
  const cardAt = Int32Array.from(cardCountry);
  const lastPresent = new Float64Array(cards).fill(-Infinity);
  const presentAt = Int32Array.from(cardCountry);
  for (let i = 0; i < cards; i++) {
    if (rng.float() >= P_AWAY) continue;
    const to = tripTo(cardCountry[i]!);
    if (to >= 0) cardAt[i] = to;
  }
  let t = clock.startTime + rng.exp(normalGap);
  let seq = 0;

  /** Moves the card now and then, when a flight since its last card-present payment allows. */
  const locate = (card: number, ts: number): number => {
    const here = cardAt[card]!;
    const home = cardCountry[card]!;
    if (rng.float() < (here === home ? P_LEAVE : P_RETURN)) {
      const to = here === home ? tripTo(home) : home;
      const hours = (ts - lastPresent[card]!) / 3_600_000;
      if (to >= 0 && hours >= FLIGHT_OVERHEAD_H + km[presentAt[card]!]![to]! / FLIGHT_KMH)
        cardAt[card] = to;
    }
    return cardAt[card]!;
  };

  /** A merchant of the country, or now and then (or when it has none) one online anywhere. */
  const localMerchant = (country: number): number => {
    const here = merchantsIn[country]!;
    if (here.length > 0 && rng.float() >= P_ABROAD) return here[rng.int(here.length)]!;
    return online.length > 0 ? online[rng.int(online.length)]! : rng.int(merchants);
  };

  const payment = (
    card: number,
    merchant: number,
    amountEur: number,
    ts: number,
    fraudType: FraudType | null,
  ): TransactionEvent => {
    const home = COUNTRIES[cardCountry[card]!]!;
    const category = MERCHANT_CATEGORIES[merchantCategory[merchant]!]!;
    return {
      type: 'payment',
      txId: '',
      cardId: cardIds[card]!,
      merchantId: merchantIds[merchant]!,
      merchantCategory: category.name,
      country: COUNTRIES[merchantCountry[merchant]!]!.code,
      amount: round2(amountEur * home.perEuro),
      currency: home.currency,
      channel: category.online ? 'online' : cardContactless[card] === 1 ? 'contactless' : 'chip',
      isFraud: fraudType !== null,
      fraudType,
      ts: Math.floor(ts),
    };
  };

  const usualAmount = (card: number, merchant: number): number =>
    cardUsualEur[card]! *
    MERCHANT_CATEGORIES[merchantCategory[merchant]!]!.factor *
    rng.logNormal(0, AMOUNT_SIGMA);

  const schedule = (record: TransactionEvent): void => scheduled.push(record.ts, record);

  const farCountries = COUNTRIES.map((_, i) =>
    COUNTRIES.map((_, j) => j).filter((j) => presentIn[j]!.length > 0 && km[i]![j]! >= FAR_KM),
  );

  /** Schedules one fraud pattern starting at `start`; false when the world cannot host it. */
  const injectFraud = (type: FraudType, start: number): boolean => {
    const card = rng.int(cards);
    const home = cardCountry[card]!;
    switch (type) {
      case 'card_testing': {
        const n = 4 + rng.int(7);
        let at = start;
        for (let k = 0; k < n; k++) {
          const m = online.length > 0 ? online[rng.int(online.length)]! : rng.int(merchants);
          const record = payment(card, m, 0.5 + rng.float() * 1.5, at, type);
          record.channel = 'online';
          schedule(record);
          at += 1000 + rng.exp(5000);
        }
        return true;
      }
      case 'velocity': {
        const n = 6 + rng.int(7);
        for (let k = 0; k < n; k++) {
          const m = localMerchant(cardAt[card]!);
          schedule(
            payment(
              card,
              m,
              usualAmount(card, m),
              start + (k === 0 ? 0 : rng.float() * 55_000),
              type,
            ),
          );
        }
        return true;
      }
      case 'impossible_travel': {
        // Card present at home, then card present (a cloned card) far away.
        const far = farCountries[home]!;
        const here = presentIn[home]!;
        if (far.length === 0 || here.length === 0) return false;
        const there = presentIn[far[rng.int(far.length)]!]!;
        const m1 = here[rng.int(here.length)]!;
        const m2 = there[rng.int(there.length)]!;
        schedule(payment(card, m1, usualAmount(card, m1), start, type));
        schedule(
          payment(
            card,
            m2,
            usualAmount(card, m2),
            start + 3 * MINUTE + rng.float() * 27 * MINUTE,
            type,
          ),
        );
        return true;
      }
      case 'night_amount': {
        // A card from a country where it is now between 00:00 and 05:00.
        const hour = start / 3_600_000;
        const night: number[] = [];
        COUNTRIES.forEach((c, i) => {
          const local = (((hour + c.utcOffset) % 24) + 24) % 24;
          if (local < 5 && cardsIn[i]!.length > 0) night.push(i);
        });
        if (night.length === 0) return false;
        const pool = cardsIn[night[rng.int(night.length)]!]!;
        const nightCard = pool[rng.int(pool.length)]!;
        // Where the card is, far above what it usually spends at such a merchant.
        const m = localMerchant(cardAt[nightCard]!);
        const amount =
          cardUsualEur[nightCard]! *
          MERCHANT_CATEGORIES[merchantCategory[m]!]!.factor *
          (15 + rng.float() * 35);
        schedule(payment(nightCard, m, amount, start, type));
        return true;
      }
      case 'account_takeover': {
        const others = COUNTRIES.map((_, i) => i).filter((i) => i !== home);
        const from = others.length > 0 ? others[rng.int(others.length)]! : home;
        const country = COUNTRIES[home]!;
        schedule({
          type: 'credential_change',
          txId: '',
          cardId: cardIds[card]!,
          merchantId: null,
          merchantCategory: null,
          country: COUNTRIES[from]!.code,
          amount: null,
          currency: country.currency,
          channel: 'online',
          isFraud: true,
          fraudType: type,
          ts: Math.floor(start),
        });
        const transfers = merchantsOf[TRANSFER]!;
        const m = transfers.length > 0 ? transfers[rng.int(transfers.length)]! : rng.int(merchants);
        const amount = cardUsualEur[card]! * (20 + rng.float() * 60);
        const record = payment(card, m, amount, start + 30_000 + rng.float() * 9.5 * MINUTE, type);
        record.channel = 'online';
        schedule(record);
        return true;
      }
    }
  };

  return {
    next(): TransactionEvent {
      let record: TransactionEvent;
      if (scheduled.size > 0 && scheduled.topKey() <= Math.floor(t)) {
        record = scheduled.pop();
      } else {
        const card = rng.int(cards);
        const m = localMerchant(locate(card, t));
        record = payment(card, m, usualAmount(card, m), t, null);
        if (record.channel !== 'online') {
          lastPresent[card] = t;
          presentAt[card] = merchantCountry[m]!;
        }
        if (rng.float() < patternP) {
          const type = FRAUD_TYPES[rng.int(FRAUD_TYPES.length)]!;
          if (!injectFraud(type, t)) injectFraud('velocity', t);
        }
        t += rng.exp(normalGap);
      }
      record.txId = `tx${seq++}`;
      return record;
    },
  };
}
