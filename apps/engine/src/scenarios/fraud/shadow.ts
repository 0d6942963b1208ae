import { COUNTRIES, haversineKm, simMinutes, TIME_SCALE } from './data.js';
import { HISTORY, HISTORY_GUARD_MS, RULES } from './template.js';

/** A payment or credential change as the evaluation saw it at the source (labels apart). */
export interface Seen {
  txId: string;
  cardId: string;
  type: string;
  channel: string;
  country: string;
  merchantCategory: string | null;
  amount: number | null;
  currency: string;
  ts: number;
}

/** What the pipeline derives from a record, recomputed here the same way. */
export interface Scored extends Seen {
  amountEur: number | null;
  homeCountry: string;
  localHour: number;
  km: number;
  /**
   * The card's usual spend in the history window the pipeline joins: the mean of its payments
   * each divided by its category's typical ratio (a grocery-equivalent amount), or null.
   */
  usualEur: number | null;
  spendRatio: number | null;
  /** The mean of all the card's earlier payments (the amountOver baseline's estimate). */
  runningMeanEur: number | null;
}

export type RuleName =
  'card_testing' | 'velocity' | 'impossible_travel' | 'night_amount' | 'account_takeover';

/** One alert: its rule and the events that triggered it (the last one completes it). */
export interface ShadowAlert {
  rule: RuleName;
  cardId: string;
  txIds: string[];
  ts: number;
}

const PER_EURO = new Map(Object.values(COUNTRIES).map((c) => [c.currency, c.perEuro]));

/**
 * The pipeline's features on every record, computed in TypeScript from the records the source
 * emitted and the same reference data: the card's usual spend is the mean of its payments in
 * the sliding history window (two simulated days, every eight hours) that closed at least
 * HISTORY_GUARD_MS before the record, exactly as the template's window and interval join; each
 * payment enters it divided by its category's typical ratio, so that a card's mix of
 * categories does not move its usual spend.
 */
export function score(
  records: readonly Seen[],
  homeOf: ReadonlyMap<string, string>,
  typicalRatio: ReadonlyMap<string, number>,
): Scored[] {
  const size = simMinutes(HISTORY.sizeMin);
  const slide = simMinutes(HISTORY.slideMin);
  const byCard = new Map<
    string,
    { ts: number[]; prefix: number[]; raw: number[]; count: number[] }
  >();
  const out: Scored[] = [];
  for (const r of records) {
    const home = homeOf.get(r.cardId) ?? r.country;
    const perEuro = PER_EURO.get(r.currency) ?? 1;
    const amountEur = r.amount === null ? null : r.amount / perEuro;
    let h = byCard.get(r.cardId);
    if (!h) byCard.set(r.cardId, (h = { ts: [], prefix: [0], raw: [0], count: [0] }));
    const end = Math.floor((r.ts - HISTORY_GUARD_MS + 1) / slide) * slide;
    const from = lowerBound(h.ts, end - size);
    const to = lowerBound(h.ts, end);
    const n = h.count[to]! - h.count[from]!;
    const usualEur = n > 0 ? (h.prefix[to]! - h.prefix[from]!) / n : null;
    const all = h.count[h.ts.length]!;
    const runningMeanEur = all >= 3 ? h.raw[h.ts.length]! / all : null;
    const typical =
      r.merchantCategory === null ? null : (typicalRatio.get(r.merchantCategory) ?? null);
    const offset = COUNTRIES[home]?.utcOffset ?? 0;
    out.push({
      txId: r.txId,
      cardId: r.cardId,
      type: r.type,
      channel: r.channel,
      country: r.country,
      merchantCategory: r.merchantCategory,
      amount: r.amount,
      currency: r.currency,
      ts: r.ts,
      amountEur,
      homeCountry: home,
      localHour: Math.floor(
        ((((r.ts * TIME_SCALE + offset * 3_600_000) % 86_400_000) + 86_400_000) % 86_400_000) /
          3_600_000,
      ),
      km: kmBetween(home, r.country),
      usualEur,
      spendRatio:
        amountEur !== null && usualEur !== null && usualEur > 0 && typical !== null
          ? Math.round((amountEur / (usualEur * typical)) * 100) / 100
          : null,
      runningMeanEur,
    });
    // A credential change has no amount: it takes no place in the window's average.
    if (amountEur !== null && typical !== null) {
      h.ts.push(r.ts);
      h.prefix.push(h.prefix[h.prefix.length - 1]! + amountEur / typical);
      h.raw.push(h.raw[h.raw.length - 1]! + amountEur);
      h.count.push(h.count[h.count.length - 1]! + 1);
    }
  }
  return out;
}

const KM = new Map<string, number>();
function kmBetween(a: string, b: string): number {
  const pair = `${a}-${b}`;
  let km = KM.get(pair);
  if (km === undefined) {
    const [pa, pb] = [COUNTRIES[a], COUNTRIES[b]];
    km = pa && pb ? Math.round(haversineKm(pa, pb)) : 0;
    KM.set(pair, km);
  }
  return km;
}

function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Thresholds {
  cardTestingMin: number;
  velocityMin: number;
  travelKmh: number;
  nightRatio: number;
  takeoverRatio: number;
}

export const TEMPLATE_THRESHOLDS: Thresholds = {
  cardTestingMin: RULES.cardTesting.min,
  velocityMin: RULES.velocity.min,
  travelKmh: RULES.travel.kmh,
  nightRatio: RULES.night.ratio,
  takeoverRatio: RULES.takeover.ratio,
};

/** The records of each card in time order, built once per scored list. */
const byCardCache = new WeakMap<readonly Scored[], Scored[][]>();
function cardLists(scored: readonly Scored[]): Scored[][] {
  let lists = byCardCache.get(scored);
  if (!lists) {
    const map = new Map<string, Scored[]>();
    for (const r of scored) {
      const list = map.get(r.cardId);
      if (list) list.push(r);
      else map.set(r.cardId, [r]);
    }
    lists = [...map.values()];
    byCardCache.set(scored, lists);
  }
  return lists;
}

/**
 * The five rules over scored records, as the template states them (each rule's alerts once
 * per card within twelve simulated hours, as its dedupe): the pattern rules as counts over the
 * card's records in their window. Used to sweep each rule's threshold on the same events.
 */
export function shadowAlerts(
  scored: readonly Scored[],
  rule: RuleName,
  t: Thresholds,
): ShadowAlert[] {
  const alerts: ShadowAlert[] = [];
  const ttl = simMinutes(12 * 60);
  for (const list of cardLists(scored)) {
    let last = -Infinity;
    for (const [ids, ts] of fire(rule, list, t)) {
      if (ts - last < ttl) continue;
      last = ts;
      alerts.push({ rule, cardId: list[0]!.cardId, txIds: ids, ts });
    }
  }
  return alerts.sort((a, b) => a.ts - b.ts);
}

const isTiny = (r: Scored): boolean =>
  r.type === 'payment' &&
  r.channel === 'online' &&
  r.amountEur !== null &&
  r.amountEur < RULES.cardTesting.tinyEur;
const isPresent = (r: Scored): boolean => r.type === 'payment' && r.channel !== 'online';

/** `min` or more records within `within` ms (the last one completing it), as a pattern counts. */
function* counts(list: readonly Scored[], min: number, within: number) {
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    while (list[from]!.ts <= list[i]!.ts - within) from++;
    if (i - from + 1 >= min)
      yield [list.slice(i - min + 1, i + 1).map((x) => x.txId), list[i]!.ts] as const;
  }
}

/** Candidate alerts of one card's records: the triggering events and the time. */
function* fire(
  rule: RuleName,
  list: readonly Scored[],
  t: Thresholds,
): Generator<readonly [string[], number]> {
  switch (rule) {
    case 'card_testing':
      yield* counts(list.filter(isTiny), t.cardTestingMin, simMinutes(RULES.cardTesting.withinMin));
      return;
    case 'velocity':
      yield* counts(list.filter(isPresent), t.velocityMin, simMinutes(RULES.velocity.withinMin));
      return;
    case 'impossible_travel': {
      const within = simMinutes(RULES.travel.withinMin);
      let home: Scored | null = null;
      for (const r of list) {
        if (!isPresent(r)) continue;
        if (r.country === r.homeCountry) home = r;
        else if (home !== null && r.ts - home.ts < within) {
          const hours = Math.max(((r.ts - home.ts) * TIME_SCALE) / 3_600_000, 0.05);
          if (r.km / hours >= t.travelKmh) yield [[home.txId, r.txId], r.ts];
        }
      }
      return;
    }
    case 'night_amount':
      for (const r of list)
        if (
          r.type === 'payment' &&
          r.localHour < RULES.night.beforeHour &&
          r.spendRatio !== null &&
          r.spendRatio >= t.nightRatio
        )
          yield [[r.txId], r.ts];
      return;
    case 'account_takeover': {
      const within = simMinutes(RULES.takeover.withinMin);
      let change: Scored | null = null;
      for (const r of list) {
        if (r.type === 'credential_change') change = r;
        else if (
          change !== null &&
          r.ts - change.ts < within &&
          r.merchantCategory === 'money_transfer' &&
          r.spendRatio !== null &&
          r.spendRatio >= t.takeoverRatio
        ) {
          yield [[change.txId, r.txId], r.ts];
          change = null;
        }
      }
      return;
    }
  }
}
