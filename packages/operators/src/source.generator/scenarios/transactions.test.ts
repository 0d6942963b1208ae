import { describe, expect, it } from 'vitest';
import { haversineKm } from './geo.js';
import type { FraudType, TransactionEvent, TransactionsOptions } from './transactions.js';
import { FRAUD_TYPES, transactions, transactionsTruth } from './transactions.js';

const clock = { startTime: Date.UTC(2026, 0, 1), meanGapMs: 1 };
const options: TransactionsOptions = { cards: 5000, merchants: 300, fraudRate: 0.01 };

function events(n: number, opts = options, seed = 1, at = clock): TransactionEvent[] {
  const stream = transactions(opts, seed, at);
  return Array.from({ length: n }, () => stream.next() as TransactionEvent);
}

const CAPITALS: Record<string, [number, number]> = {
  US: [39.8, -89.6],
  CA: [49.3, -123.1],
  BR: [-23.5, -46.6],
  GB: [51.5, -0.1],
  NL: [52.4, 4.9],
  DE: [52.5, 13.4],
  FR: [48.9, 2.35],
  ES: [40.4, -3.7],
  IN: [19.1, 72.9],
  JP: [35.7, 139.7],
  AU: [-33.9, 151.2],
  NZ: [-36.8, 174.8],
};

describe('transactions', () => {
  // 100,000 events at 20 per second: 83 minutes of event time, long enough for whole patterns.
  const sample = events(100_000, options, 1, { ...clock, meanGapMs: 50 });
  const truth = transactionsTruth(options, 1);
  const cards = new Map(truth.cards.map((c) => [c.cardId, c]));
  const merchants = new Map(truth.merchants.map((m) => [m.merchantId, m]));
  const end = sample[sample.length - 1]!.ts;
  const fraud = (type: FraudType) => sample.filter((e) => e.fraudType === type);

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
            e.amount > 0 &&
            Math.abs(Math.round(e.amount * 100) - e.amount * 100) < 1e-6
          : e.type === 'credential_change' &&
            e.amount === null &&
            e.fraudType === 'account_takeover');
      if (!ok) problems.push(JSON.stringify(e));
      last = e.ts;
      ids.add(e.txId);
    }
    expect(problems.slice(0, 3)).toEqual([]);
    expect(ids.size).toBe(sample.length);
  });

  it('labels about fraudRate of the events, with every fraud type represented', () => {
    const share = (list: TransactionEvent[]) => list.filter((e) => e.isFraud).length / list.length;
    expect(share(sample)).toBeGreaterThan(0.008);
    expect(share(sample)).toBeLessThan(0.012);
    for (const type of FRAUD_TYPES) expect(fraud(type).length, type).toBeGreaterThan(10);
    // At the default 1000 events per second of event time, 100,000 events are 100 s: the
    // patterns that span minutes are cut short, but every type shows.
    const fast = events(100_000);
    expect(share(fast)).toBeGreaterThan(0.006);
    expect(share(fast)).toBeLessThan(0.012);
    for (const type of FRAUD_TYPES)
      expect(
        fast.some((e) => e.fraudType === type),
        type,
      ).toBe(true);
    expect(events(20_000, { ...options, fraudRate: 0 }).some((e) => e.isFraud)).toBe(false);
    const heavy = events(50_000, { ...options, fraudRate: 0.2 }, 1, { ...clock, meanGapMs: 20 });
    expect(share(heavy)).toBeGreaterThan(0.17);
    expect(share(heavy)).toBeLessThan(0.23);
  });

  it('keeps normal payments mostly at home and around the usual amount', () => {
    const normal = sample.filter((e) => !e.isFraud);
    const home = normal.filter((e) => e.country === cards.get(e.cardId)!.homeCountry).length;
    expect(home / normal.length).toBeGreaterThan(0.9);
    const grocery = normal.filter((e) => e.merchantCategory === 'grocery');
    const ratios = grocery
      .map((e) => e.amount! / cards.get(e.cardId)!.usualAmount)
      .sort((a, b) => a - b);
    const median = ratios[ratios.length >> 1]!;
    expect(median).toBeGreaterThan(0.8);
    expect(median).toBeLessThan(1.25);
  });

  /**
   * Consecutive card-present normal payments of each card that no flight could make: their
   * countries' distance over the time between them above 1000 km/h. Online payments (card
   * not present) say nothing about where the card is.
   */
  const impossibleMoves = (list: TransactionEvent[]) => {
    const last = new Map<string, TransactionEvent>();
    const impossible: string[] = [];
    let moves = 0;
    for (const e of list) {
      if (e.isFraud || e.type !== 'payment' || e.channel === 'online') continue;
      const before = last.get(e.cardId);
      last.set(e.cardId, e);
      if (before === undefined || before.country === e.country) continue;
      moves++;
      const km = haversineKm(...CAPITALS[before.country]!, ...CAPITALS[e.country]!);
      const hours = (e.ts - before.ts) / 3_600_000;
      if (km / hours > 1000) impossible.push(`${JSON.stringify(before)} ${JSON.stringify(e)}`);
    }
    return { moves, impossible };
  };

  it('makes normal payments abroad on trips a flight can make, or online', () => {
    const normal = sample.filter((e) => !e.isFraud && e.type === 'payment');
    const abroad = normal.filter((e) => e.country !== cards.get(e.cardId)!.homeCountry);
    // Cards on a trip pay in person abroad; cards at home pay foreign merchants online only.
    expect(abroad.filter((e) => e.channel !== 'online').length).toBeGreaterThan(500);
    expect(abroad.filter((e) => e.channel === 'online').length).toBeGreaterThan(500);
    expect(impossibleMoves(sample).impossible.slice(0, 3)).toEqual([]);
    // Over days of event time cards come and go: every move had the time for its flight.
    const slow = events(20_000, { ...options, cards: 300 }, 2, { ...clock, meanGapMs: 60_000 });
    const { moves, impossible } = impossibleMoves(slow);
    expect(moves).toBeGreaterThan(20);
    expect(impossible.slice(0, 3)).toEqual([]);
  });

  /**
   * A pattern's events, by card, for the patterns that started well before the end of the
   * sample. About 1 in 25 patterns shares its card with another (birthday collisions among
   * 5000 cards): lists longer than a pattern can be are those, and left out, but few.
   */
  const byCard = (type: FraudType, longest: number) => {
    const map = new Map<string, TransactionEvent[]>();
    for (const e of fraud(type)) map.set(e.cardId, [...(map.get(e.cardId) ?? []), e]);
    const all = [...map.values()].filter((list) => list[0]!.ts < end - 35 * 60_000);
    const single = all.filter((list) => list.length <= longest);
    expect(single.length).toBeGreaterThan(0.8 * all.length);
    return single;
  };

  it('card testing: bursts of tiny online amounts on one card', () => {
    const ratios = fraud('card_testing').map((e) => e.amount! / cards.get(e.cardId)!.usualAmount);
    expect(fraud('card_testing').every((e) => e.channel === 'online')).toBe(true);
    expect(Math.max(...ratios)).toBeLessThan(0.5);
    expect(ratios.sort((a, b) => a - b)[ratios.length >> 1]).toBeLessThan(0.1);
    expect(byCard('card_testing', 10).every((list) => list.length >= 4)).toBe(true);
  });

  it('velocity: many payments on one card within a minute', () => {
    for (const list of byCard('velocity', 12)) {
      expect(list.length).toBeGreaterThanOrEqual(6);
      expect(list.length).toBeLessThanOrEqual(12);
      expect(list[list.length - 1]!.ts - list[0]!.ts).toBeLessThan(60_000);
    }
  });

  it('impossible travel: two countries too far apart for the time between them', () => {
    expect(byCard('impossible_travel', 2).length).toBeGreaterThan(10);
    for (const list of byCard('impossible_travel', 2)) {
      expect(list).toHaveLength(2);
      for (let i = 1; i < list.length; i += 2) {
        const [a, b] = [list[i - 1]!, list[i]!];
        const km = haversineKm(...CAPITALS[a.country]!, ...CAPITALS[b.country]!);
        const hours = (b.ts - a.ts) / 3_600_000;
        expect(km / hours).toBeGreaterThan(1000);
      }
    }
  });

  it('night amount: far above the usual amount for the merchant, at night where the card lives', () => {
    // What a card usually spends at a merchant category, relative to its usual amount.
    const ratios = new Map<string, number[]>();
    for (const e of sample)
      if (!e.isFraud && e.type === 'payment') {
        const list = ratios.get(e.merchantCategory!) ?? [];
        list.push(e.amount! / cards.get(e.cardId)!.usualAmount);
        ratios.set(e.merchantCategory!, list);
      }
    const typical = new Map(
      [...ratios].map(([category, list]) => [
        category,
        list.sort((a, b) => a - b)[list.length >> 1]!,
      ]),
    );
    const offsets: Record<string, number> = {
      US: -6,
      CA: -8,
      BR: -3,
      GB: 0,
      NL: 1,
      DE: 1,
      FR: 1,
      ES: 1,
      IN: 5.5,
      JP: 9,
      AU: 10,
      NZ: 12,
    };
    for (const e of fraud('night_amount')) {
      const card = cards.get(e.cardId)!;
      const local = (((e.ts / 3_600_000 + offsets[card.homeCountry]!) % 24) + 24) % 24;
      expect(local).toBeLessThan(5);
      expect(e.amount! / card.usualAmount / typical.get(e.merchantCategory!)!).toBeGreaterThan(10);
    }
  });

  it('account takeover: a credential change, then a large online transfer on the same card', () => {
    expect(byCard('account_takeover', 2).length).toBeGreaterThan(10);
    for (const list of byCard('account_takeover', 2)) {
      expect(list).toHaveLength(2);
      for (let i = 1; i < list.length; i += 2) {
        const [change, transfer] = [list[i - 1]!, list[i]!];
        expect(change.type).toBe('credential_change');
        expect(transfer).toMatchObject({ type: 'payment', channel: 'online' });
        expect(transfer.amount! / cards.get(transfer.cardId)!.usualAmount).toBeGreaterThan(10);
        expect(transfer.ts).toBeGreaterThan(change.ts);
      }
    }
  });
});
