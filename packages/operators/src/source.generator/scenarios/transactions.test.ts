import { describe, expect, it } from 'vitest';
import { haversineKm } from './geo.js';
import type { FraudType, TransactionEvent, TransactionsOptions } from './transactions.js';
import {
  FRAUD_TYPES,
  MERCHANT_CATEGORIES,
  SIM_DAY,
  SIM_HOUR,
  SIM_MINUTE,
  simulatedHour,
  TRANSACTION_COUNTRIES,
  transactions,
  transactionsTruth,
} from './transactions.js';

const clock = { startTime: Date.UTC(2026, 0, 1), meanGapMs: 20 };
const options: TransactionsOptions = { cards: 5000, merchants: 600, fraudRate: 0.002 };

function events(n: number, opts = options, seed = 1, at = clock): TransactionEvent[] {
  const stream = transactions(opts, seed, at);
  return Array.from({ length: n }, () => stream.next() as TransactionEvent);
}

const country = new Map(TRANSACTION_COUNTRIES.map((c) => [c.code, c]));
const factor = new Map(MERCHANT_CATEGORIES.map((c) => [c.name, c.factor]));
const km = (a: string, b: string) => {
  const [pa, pb] = [country.get(a)!, country.get(b)!];
  return haversineKm(pa.lat, pa.lon, pb.lat, pb.lon);
};
const localHour = (ts: number, code: string) =>
  Math.floor((simulatedHour(ts) + country.get(code)!.utcOffset + 24) % 24);

describe('transactions', () => {
  // 300,000 events at 50 per second: 100 minutes of event time, 16.7 simulated days.
  const sample = events(300_000);
  const truth = transactionsTruth(options, 1);
  const cards = new Map(truth.cards.map((c) => [c.cardId, c]));
  const merchants = new Map(truth.merchants.map((m) => [m.merchantId, m]));
  const fraud = (type: FraudType) => sample.filter((e) => e.fraudType === type);
  const legit = sample.filter((e) => !e.isFraud);
  /** A payment's amount over what its card usually spends at such a merchant (hidden truth). */
  const ratio = (e: TransactionEvent) =>
    e.amount! / cards.get(e.cardId)!.usualAmount / factor.get(e.merchantCategory!)!;
  const byCard = (list: TransactionEvent[]) => {
    const map = new Map<string, TransactionEvent[]>();
    for (const e of list) map.set(e.cardId, [...(map.get(e.cardId) ?? []), e]);
    return map;
  };
  /** The largest number of events of one list within `span` ms (sliding). */
  const mostWithin = (list: TransactionEvent[], span: number) => {
    let best = 0;
    for (let i = 0, j = 0; i < list.length; i++) {
      while (list[j]!.ts <= list[i]!.ts - span) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  };

  it('gives every event the documented fields, consistent with the cards and merchants', () => {
    const problems: string[] = [];
    let last = -Infinity;
    const ids = new Set<string>();
    for (const e of sample) {
      const card = cards.get(e.cardId);
      const merchant = e.merchantId === null ? undefined : merchants.get(e.merchantId);
      const ok =
        card !== undefined &&
        e.currency === card.currency &&
        ['chip', 'contactless', 'online'].includes(e.channel) &&
        e.isFraud === (e.fraudType !== null) &&
        Number.isInteger(e.ts) &&
        e.ts >= last &&
        (e.type === 'payment'
          ? merchant !== undefined &&
            e.merchantCategory === merchant.category &&
            e.country === merchant.country &&
            typeof e.amount === 'number' &&
            e.amount >= 0 &&
            Math.abs(Math.round(e.amount * 100) - e.amount * 100) < 1e-6
          : e.type === 'credential_change' &&
            e.amount === null &&
            (e.fraudType === null || e.fraudType === 'account_takeover'));
      if (!ok) problems.push(JSON.stringify(e));
      last = e.ts;
      ids.add(e.txId);
    }
    expect(problems.slice(0, 3)).toEqual([]);
    expect(ids.size).toBe(sample.length);
  });

  it('labels about fraudRate of the events (0.2 % by default), every fraud type represented', () => {
    const share = (list: TransactionEvent[]) => list.filter((e) => e.isFraud).length / list.length;
    expect(share(sample)).toBeGreaterThan(0.0014);
    expect(share(sample)).toBeLessThan(0.0028);
    for (const type of FRAUD_TYPES) expect(fraud(type).length, type).toBeGreaterThan(10);
    expect(events(50_000, { ...options, fraudRate: 0 }).some((e) => e.isFraud)).toBe(false);
    const heavy = events(50_000, { ...options, fraudRate: 0.1 });
    expect(share(heavy)).toBeGreaterThan(0.08);
    expect(share(heavy)).toBeLessThan(0.12);
  });

  it('keeps the pace of the clock and a few payments per card per simulated day', () => {
    const span = sample[sample.length - 1]!.ts - sample[0]!.ts;
    expect(span / sample.length).toBeGreaterThan(18);
    expect(span / sample.length).toBeLessThan(22);
    const perCardPerDay = legit.length / options.cards / (span / SIM_DAY);
    expect(perCardPerDay).toBeGreaterThan(2.5);
    expect(perCardPerDay).toBeLessThan(5);
    // People pay by day: a night hour (02:00 where the card lives) sees far fewer payments.
    const at = (hour: number) =>
      legit.filter((e) => localHour(e.ts, cards.get(e.cardId)!.homeCountry) === hour).length;
    expect(at(2) * 5).toBeLessThan(at(14));
    expect(at(2)).toBeGreaterThan(0);
  });

  it('keeps normal payments mostly at home and around the usual amount', () => {
    const payments = legit.filter((e) => e.type === 'payment');
    const home = payments.filter((e) => e.country === cards.get(e.cardId)!.homeCountry).length;
    expect(home / payments.length).toBeGreaterThan(0.9);
    const grocery = payments.filter((e) => e.merchantCategory === 'grocery').map(ratio);
    grocery.sort((a, b) => a - b);
    expect(grocery[grocery.length >> 1]!).toBeGreaterThan(0.8);
    expect(grocery[grocery.length >> 1]!).toBeLessThan(1.25);
  });

  it('makes card-present payments abroad only on trips a flight can make, but for fares posted late', () => {
    const last = new Map<string, TransactionEvent>();
    let moves = 0;
    const impossible: TransactionEvent[] = [];
    for (const e of legit) {
      if (e.type !== 'payment' || e.channel === 'online') continue;
      const before = last.get(e.cardId);
      last.set(e.cardId, e);
      if (before === undefined || before.country === e.country) continue;
      moves++;
      const kmh = km(before.country, e.country) / ((e.ts - before.ts) / SIM_HOUR);
      if (kmh > 1000) impossible.push(before.merchantCategory === 'transit' ? before : e);
    }
    expect(moves).toBeGreaterThan(200);
    // The look-alike: the ride to the airport, posted hours later, once the card has flown.
    expect(impossible.length).toBeGreaterThan(2);
    expect(impossible.every((e) => e.merchantCategory === 'transit')).toBe(true);
  });

  describe('legitimate look-alikes of every rule', () => {
    it('credential changes: mostly legitimate, a few followed by a large real transfer', () => {
      const changes = sample.filter((e) => e.type === 'credential_change');
      const takeovers = changes.filter((e) => e.isFraud).length;
      expect(takeovers).toBeGreaterThan(10);
      expect(changes.length - takeovers).toBeGreaterThan(10 * takeovers);
      const cardsReset = new Map(changes.filter((e) => !e.isFraud).map((e) => [e.cardId, e.ts]));
      const bigAfterReset = legit.filter(
        (e) =>
          e.merchantCategory === 'money_transfer' &&
          cardsReset.has(e.cardId) &&
          e.ts > cardsReset.get(e.cardId)! &&
          e.ts - cardsReset.get(e.cardId)! < 60 * SIM_MINUTE &&
          ratio(e) >= 3,
      );
      expect(bigAfterReset.length).toBeGreaterThan(0);
    });

    it('card checks of €0 or €1 online, and bursts of legitimate payments', () => {
      const checks = legit.filter(
        (e) =>
          e.channel === 'online' &&
          e.amount! <= 1.5 * country.get(cards.get(e.cardId)!.homeCountry)!.perEuro,
      );
      expect(checks.filter((e) => e.amount === 0).length).toBeGreaterThan(50);
      const present = byCard(legit.filter((e) => e.type === 'payment' && e.channel !== 'online'));
      const bursts = [...present.values()].filter((l) => mostWithin(l, 30 * SIM_MINUTE) >= 5);
      expect(bursts.length).toBeGreaterThan(0);
    });

    it('big purchases at night, several times the usual', () => {
      const night = legit.filter(
        (e) =>
          e.type === 'payment' &&
          localHour(e.ts, cards.get(e.cardId)!.homeCountry) < 5 &&
          ratio(e) >= 6,
      );
      expect(night.length).toBeGreaterThan(3);
    });
  });

  describe('fraud patterns drawn across the rules’ thresholds', () => {
    const occurrences = (type: FraudType) =>
      [...byCard(fraud(type)).values()].filter(
        (l) => l[0]!.ts < sample[sample.length - 1]!.ts - 4 * SIM_HOUR,
      );

    it('card testing: tiny online payments on one card, some too few or too spread out', () => {
      const tests = fraud('card_testing').filter((e) => ratio(e) < 0.5);
      expect(tests.every((e) => e.channel === 'online')).toBe(true);
      const counts = occurrences('card_testing').map((l) =>
        mostWithin(
          l.filter((e) => e.amount! / country.get(cards.get(e.cardId)!.homeCountry)!.perEuro < 2),
          30 * SIM_MINUTE,
        ),
      );
      expect(counts.filter((n) => n >= 3).length).toBeGreaterThan(counts.length * 0.8);
      expect(counts.some((n) => n < 3)).toBe(true);
    });

    it('velocity: bursts of payments in person, mostly 6 or more within 30 simulated minutes', () => {
      const counts = occurrences('velocity').map((l) => mostWithin(l, 30 * SIM_MINUTE));
      expect(counts.filter((n) => n >= 6).length).toBeGreaterThan(counts.length * 0.75);
      expect(Math.min(...counts)).toBeLessThan(7);
    });

    it('impossible travel: a cloned card in person abroad, near or far, soon after a payment at home', () => {
      const speeds: number[] = [];
      for (const list of occurrences('impossible_travel')) {
        const first = list[0]!;
        const card = cards.get(first.cardId)!;
        expect(first.country).not.toBe(card.homeCountry);
        expect(first.channel).toBe('chip');
        const home = legit.filter(
          (e) =>
            e.cardId === first.cardId &&
            e.ts <= first.ts &&
            e.channel !== 'online' &&
            e.country === card.homeCountry,
        );
        const before = home[home.length - 1];
        if (before)
          speeds.push(km(before.country, first.country) / ((first.ts - before.ts) / SIM_HOUR));
      }
      expect(speeds.filter((v) => v >= 1000).length).toBeGreaterThan(speeds.length * 0.7);
      expect(speeds.some((v) => v < 1000)).toBe(true);
    });

    it('night amount: at night where the card lives, mostly far above the usual, some less', () => {
      const list = fraud('night_amount');
      for (const e of list)
        expect(localHour(e.ts, cards.get(e.cardId)!.homeCountry)).toBeLessThan(5);
      const ratios = list.map(ratio);
      expect(ratios.filter((r) => r >= 8).length).toBeGreaterThan(ratios.length * 0.8);
      expect(ratios.some((r) => r < 12)).toBe(true);
    });

    it('account takeover: a credential change, then transfers, most within the hour', () => {
      const lists = occurrences('account_takeover');
      expect(lists.length).toBeGreaterThan(10);
      let late = 0;
      for (const [change, transfer] of lists) {
        expect(change!.type).toBe('credential_change');
        expect(transfer).toMatchObject({
          type: 'payment',
          channel: 'online',
          merchantCategory: 'money_transfer',
        });
        if (transfer!.ts - change!.ts > 60 * SIM_MINUTE) late++;
      }
      expect(late).toBeLessThan(lists.length * 0.2);
    });
  });

  it('is determined by its seed', () => {
    const a = events(20_000, options, 7);
    expect(events(20_000, options, 7)).toEqual(a);
    expect(events(20_000, options, 8)).not.toEqual(a);
  });
});
