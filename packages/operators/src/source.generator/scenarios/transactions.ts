import { RecordQueue } from '../heap.js';
import { Rng, round2 } from '../rng.js';
import { haversineKm } from './geo.js';
import {
  buildTransactionsWorld,
  categoryIndex,
  COUNTRIES,
  cumulative,
  indexesWhere,
  MERCHANT_CATEGORIES,
  pickWeighted,
  SIM_HOUR,
  SIM_MINUTE,
  simulatedHour,
} from './transactions-world.js';
import type { Clock, ScenarioStream, TimedRecord } from './types.js';
import { EVENT_STREAM } from './types.js';

export {
  buildTransactionsWorld,
  COUNTRIES as TRANSACTION_COUNTRIES,
  MERCHANT_CATEGORIES,
  SIM_DAY,
  SIM_HOUR,
  SIM_MINUTE,
  simulatedHour,
  TIME_SCALE,
} from './transactions-world.js';
export type { TransactionsWorld } from './transactions-world.js';

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
  /** In the card's billing currency, 2 decimals (0 for a card check); null on a credential change. */
  amount: number | null;
  currency: string;
  channel: 'chip' | 'contactless' | 'online';
  isFraud: boolean;
  fraudType: FraudType | null;
  ts: number;
}

const TRANSFER = categoryIndex('money_transfer');
const TRANSIT = categoryIndex('transit');
const AMOUNT_SIGMA = 0.6;
/** Share of a card's normal payments made online (card not present) at a merchant anywhere. */
const P_ABROAD = 0.03;
/** Share of cards on a trip abroad when the stream starts. */
const P_AWAY = 0.03;
/** Per card-present normal payment: chance that the card sets off on a trip, or comes home. */
const P_LEAVE = 0.006;
const P_RETURN = 0.08;
/** A card moves between countries no faster than a flight: hours of airports plus km / speed. */
const FLIGHT_OVERHEAD_H = 2;
const FLIGHT_KMH = 800;
/** How much people pay at each local hour (relative): little at night, most in the day. */
const DIURNAL = [
  0.1, 0.06, 0.05, 0.05, 0.08, 0.2, 0.5, 0.8, 1, 1, 1, 1, 1.1, 1.1, 1, 1, 1, 1.1, 1.2, 1.1, 0.9,
  0.7, 0.5, 0.25,
];
const DIURNAL_MAX = 1.2;
const localHour = (ts: number, country: number): number =>
  Math.floor((simulatedHour(ts) + COUNTRIES[country]!.utcOffset + 24) % 24);
const isNight = (ts: number, country: number): boolean => localHour(ts, country) < 5;

/**
 * Legitimate look-alikes, per normal payment (each drawn so that part of it crosses a rule's
 * threshold): a card check (€0 or €1 verification payments when a card is added to a wallet
 * or a subscription, sometimes several in a row); a day out (a burst of card-present payments);
 * the fare of the ride to the airport posted hours later, after the card has flown abroad; a
 * big purchase at night; a password reset, now and then followed by a real (large) transfer.
 */
export const LOOK_ALIKES = {
  cardCheck: 0.001,
  dayOut: 0.0015,
  /** Per trip: the home transit fare posted after departure. */
  latePostedFare: 0.15,
  /** Per night payment. */
  bigNight: 0.0015,
  reset: 0.003,
  /** Per reset: a real transfer follows. */
  resetTransfer: 0.1,
};

/** Mean extra events a normal payment brings (look-alikes), for the pace (approximate). */
const LOOK_ALIKE_EVENTS =
  LOOK_ALIKES.cardCheck * 1.16 + LOOK_ALIKES.dayOut * 3 + LOOK_ALIKES.reset * 1.1 + 0.002;
/** Mean events per fraud pattern, by type (each type equally likely). */
const PATTERN_EVENTS = {
  card_testing: 6.7,
  velocity: 8,
  impossible_travel: 2,
  night_amount: 1,
  account_takeover: 2.3,
};
const MEAN_PATTERN_EVENTS =
  Object.values(PATTERN_EVENTS).reduce((a, b) => a + b, 0) / FRAUD_TYPES.length;

function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.float(); p > limit; p *= rng.float()) k++;
  return k;
}

export interface TransactionsTruth {
  cards: {
    cardId: string;
    homeCountry: string;
    currency: string;
    /** What the bank issued: known to it. */
    cardType: 'credit' | 'debit';
    /** Hidden: what the card usually spends at a grocery, in its currency. */
    usualAmount: number;
  }[];
  merchants: { merchantId: string; category: string; country: string }[];
}

/** The cards' home countries and hidden usual spend (in their currency), and the merchants. */
export function transactionsTruth(options: TransactionsOptions, seed: number): TransactionsTruth {
  const w = buildTransactionsWorld(options, seed);
  return {
    cards: w.cardIds.map((cardId, i) => {
      const country = COUNTRIES[w.cardCountry[i]!]!;
      return {
        cardId,
        homeCountry: country.code,
        currency: country.currency,
        cardType: w.cardCredit[i] === 1 ? 'credit' : 'debit',
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

/**
 * Card payments on a simulated clock TIME_SCALE times faster than event time (a simulated day
 * is six minutes of event time). Normal payments arrive as a Poisson process: a card, chosen
 * more often by day than by night where it is, pays a merchant of the country where it is a
 * log-normal amount around its usual spend scaled by the merchant category. A card is at home
 * or on a trip abroad: it moves only when the time since its last card-present payment allows
 * the flight; a few payments are made online at a merchant anywhere. Legitimate look-alikes
 * (LOOK_ALIKES) and fraud patterns start at random normal payments and are scheduled ahead in
 * event time, merged in time order with the normal traffic. Every fraud pattern draws its size,
 * pace and amounts from distributions that straddle the rules' thresholds, so some patterns
 * are quieter than any rule sees. Pattern starts are tuned so that about `fraudRate` of all
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
  const patternP = (f * (1 + LOOK_ALIKE_EVENTS)) / ((1 - f) * MEAN_PATTERN_EVENTS);
  const normalGap = clock.meanGapMs * (1 + LOOK_ALIKE_EVENTS + patternP * MEAN_PATTERN_EVENTS);
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
  const transitIn = merchantsIn.map((list) => list.filter((i) => merchantCategory[i] === TRANSIT));
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

  /** A card to pay now: more likely by day than by night where it is. */
  const payingCard = (ts: number): number => {
    let card = rng.int(cards);
    for (let tries = 0; tries < 30; tries++) {
      if (rng.float() * DIURNAL_MAX < DIURNAL[localHour(ts, cardAt[card]!)]!) break;
      card = rng.int(cards);
    }
    return card;
  };

  /** Moves the card now and then, when a flight since its last card-present payment allows. */
  const locate = (card: number, ts: number): number => {
    const here = cardAt[card]!;
    const home = cardCountry[card]!;
    if (rng.float() < (here === home ? P_LEAVE : P_RETURN)) {
      const to = here === home ? tripTo(home) : home;
      const hours = (ts - lastPresent[card]!) / SIM_HOUR;
      if (to >= 0 && hours >= FLIGHT_OVERHEAD_H + km[presentAt[card]!]![to]! / FLIGHT_KMH) {
        cardAt[card] = to;
        const fares = transitIn[home]!;
        if (here === home && fares.length > 0 && rng.float() < LOOK_ALIKES.latePostedFare) {
          // The ride to the airport, tapped before the flight and posted hours later.
          const m = fares[rng.int(fares.length)]!;
          const posted = lastPresent[card]! + (3 + rng.float() * 12) * SIM_HOUR;
          const record = payment(card, m, usualAmount(card, m) * (2 + rng.int(3)), posted, null);
          record.channel = 'contactless';
          // Only when it is posted after the flight: before it, it is an ordinary fare.
          if (posted > ts && Number.isFinite(posted)) schedule(record);
        }
      }
    }
    return cardAt[card]!;
  };

  /** A merchant of the country, or now and then (or when it has none) one online anywhere. */
  const localMerchant = (country: number): number => {
    const here = merchantsIn[country]!;
    if (here.length > 0 && rng.float() >= P_ABROAD) return here[rng.int(here.length)]!;
    return onlineMerchant();
  };
  const onlineMerchant = (): number =>
    online.length > 0 ? online[rng.int(online.length)]! : rng.int(merchants);
  const presentMerchant = (country: number): number => {
    const here = presentIn[country]!;
    return here.length > 0 ? here[rng.int(here.length)]! : localMerchant(country);
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

  const credentialChange = (
    card: number,
    from: number,
    ts: number,
    fraudType: FraudType | null,
  ): TransactionEvent => ({
    type: 'credential_change',
    txId: '',
    cardId: cardIds[card]!,
    merchantId: null,
    merchantCategory: null,
    country: COUNTRIES[from]!.code,
    amount: null,
    currency: COUNTRIES[cardCountry[card]!]!.currency,
    channel: 'online',
    isFraud: fraudType !== null,
    fraudType,
    ts: Math.floor(ts),
  });

  const usualAmount = (card: number, merchant: number): number =>
    cardUsualEur[card]! *
    MERCHANT_CATEGORIES[merchantCategory[merchant]!]!.factor *
    rng.logNormal(0, AMOUNT_SIGMA);

  const schedule = (record: TransactionEvent): void => scheduled.push(record.ts, record);

  const transferMerchant = (): number => {
    const transfers = merchantsOf[TRANSFER]!;
    return transfers.length > 0 ? transfers[rng.int(transfers.length)]! : onlineMerchant();
  };

  /** €0 or €1 checks at online merchants: adding the card to a wallet or a subscription. */
  const cardCheck = (card: number, start: number, n: number, fraudType: FraudType | null) => {
    let at = start;
    for (let k = 0; k < n; k++) {
      const m = onlineMerchant();
      const eur = fraudType === null ? rng.int(2) : 0.05 + rng.exp(0.7);
      const record = payment(card, m, eur, at, fraudType);
      record.channel = 'online';
      schedule(record);
      at += rng.exp(3 * SIM_MINUTE);
    }
    return at;
  };

  /** Card-present payments where the card is, one after another. */
  const burst = (
    card: number,
    start: number,
    n: number,
    meanGap: number,
    scale: number,
    fraudType: FraudType | null,
  ) => {
    let at = start;
    for (let k = 0; k < n; k++) {
      const m = presentMerchant(cardAt[card]!);
      schedule(payment(card, m, usualAmount(card, m) * scale, at, fraudType));
      at += rng.exp(meanGap);
    }
  };

  const lookAlikes = (card: number, ts: number, record: TransactionEvent): void => {
    const u = rng.float();
    let p = LOOK_ALIKES.cardCheck;
    if (u < p) {
      const v = rng.float();
      cardCheck(card, ts + rng.exp(SIM_HOUR), v < 0.85 ? 1 : v < 0.995 ? 2 : 3, null);
      return;
    }
    if (u < (p += LOOK_ALIKES.dayOut)) {
      burst(card, ts + rng.exp(SIM_HOUR), 2 + poisson(rng, 1), 20 * SIM_MINUTE, 1, null);
      return;
    }
    if (u < (p += LOOK_ALIKES.reset)) {
      // Mostly from home; from abroad when travelling or behind a VPN.
      const from = rng.float() < 0.85 ? cardAt[card]! : rng.int(COUNTRIES.length);
      const at = ts + rng.exp(SIM_HOUR);
      schedule(credentialChange(card, from, at, null));
      if (rng.float() < LOOK_ALIKES.resetTransfer) {
        const m = transferMerchant();
        const eur = cardUsualEur[card]! * 5 * rng.logNormal(Math.log(1.2), 0.6);
        schedule(payment(card, m, eur, at + rng.exp(20 * SIM_MINUTE), null));
      }
      return;
    }
    if (isNight(ts, cardAt[card]!) && rng.float() < LOOK_ALIKES.bigNight && record.amount !== null)
      // A flight booked or a TV bought at 2 am: several times the usual for the merchant.
      record.amount = round2(record.amount * rng.logNormal(Math.log(3), 0.6));
  };

  /** A card at home (tries a few), for the patterns that start from the card's home. */
  const cardAtHome = (): number => {
    let card = rng.int(cards);
    for (let tries = 0; tries < 8 && cardAt[card] !== cardCountry[card]; tries++)
      card = rng.int(cards);
    return card;
  };

  /** Schedules one fraud pattern starting at `start`; false when the world cannot host it. */
  const injectFraud = (type: FraudType, start: number): boolean => {
    switch (type) {
      case 'card_testing': {
        // Tiny online payments at different merchants, then, often, the cash-out.
        const card = rng.int(cards);
        const end = cardCheck(card, start, 2 + poisson(rng, 4), type);
        if (rng.float() < 0.7) {
          const m = onlineMerchant();
          const eur = usualAmount(card, m) * rng.logNormal(Math.log(6), 0.5);
          schedule(payment(card, m, eur, end + (0.5 + rng.float() * 5.5) * SIM_HOUR, type));
        }
        return true;
      }
      case 'velocity': {
        // A stolen card spent in person as fast as the thief can.
        const card = cardAtHome();
        burst(card, start, 5 + poisson(rng, 3), 3 * SIM_MINUTE, rng.logNormal(0.4, 0.5), type);
        return true;
      }
      case 'impossible_travel': {
        // The owner pays in person at home; a cloned card is used in person elsewhere soon
        // after, near or far (a near one is possible by plane: no rule on distance sees it).
        const card = cardAtHome();
        const home = cardCountry[card]!;
        if (presentIn[home]!.length === 0) return false;
        const there = tripTo(home);
        if (there < 0) return false;
        const m1 = presentMerchant(home);
        schedule(payment(card, m1, usualAmount(card, m1), start, null));
        let at = start + 5 * SIM_MINUTE + rng.exp(40 * SIM_MINUTE);
        for (let k = 1 + poisson(rng, 1); k > 0; k--) {
          const m2 = presentMerchant(there);
          const record = payment(card, m2, usualAmount(card, m2) * 2, at, type);
          record.channel = 'chip';
          schedule(record);
          at += rng.exp(20 * SIM_MINUTE);
        }
        return true;
      }
      case 'night_amount': {
        // A card at home where it is now between 00:00 and 05:00: a large purchase.
        const night: number[] = [];
        COUNTRIES.forEach((_, i) => {
          if (isNight(start, i) && cardsIn[i]!.length > 0) night.push(i);
        });
        if (night.length === 0) return false;
        const pool = cardsIn[night[rng.int(night.length)]!]!;
        const card = pool[rng.int(pool.length)]!;
        const m = localMerchant(cardCountry[card]!);
        const amount = usualAmount(card, m) * rng.logNormal(Math.log(25), 0.5);
        schedule(payment(card, m, amount, start, type));
        return true;
      }
      case 'account_takeover': {
        // Credentials changed from abroad (or through a proxy at home), then transfers out.
        const card = rng.int(cards);
        const home = cardCountry[card]!;
        const from = rng.float() < 0.75 ? tripTo(home) : home;
        schedule(credentialChange(card, from < 0 ? home : from, start, type));
        let at = start + SIM_MINUTE + rng.exp(15 * SIM_MINUTE);
        for (let k = rng.float() < 0.3 ? 2 : 1; k > 0; k--) {
          const m = transferMerchant();
          const eur = cardUsualEur[card]! * 5 * rng.logNormal(Math.log(8), 0.5);
          const record = payment(card, m, eur, at, type);
          record.channel = 'online';
          schedule(record);
          at += rng.exp(10 * SIM_MINUTE);
        }
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
        const card = payingCard(t);
        const m = localMerchant(locate(card, t));
        record = payment(card, m, usualAmount(card, m), t, null);
        if (record.channel !== 'online') {
          lastPresent[card] = t;
          presentAt[card] = merchantCountry[m]!;
        }
        lookAlikes(card, t, record);
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
