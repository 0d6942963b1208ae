/**
 * The Nexmark queries of examples/nexmark, written out by brute force over all the events (as
 * Nexmark's SQL says them, not as the pipelines compute them): the test compares the pipelines'
 * outputs with these. Windows are aligned to the epoch and all fire at the end of the input.
 */
type Event = Record<string, unknown>;
type Row = Record<string, unknown>;

const num = (e: Event, field: string) => e[field] as number;
const bids = (events: readonly Event[]) => events.filter((e) => e.kind === 'bid');
const floorTo = (t: number, size: number) => t - (((t % size) + size) % size);

function group<T>(
  items: Iterable<T>,
  key: (item: T) => string | number,
): Map<string | number, T[]> {
  const groups = new Map<string | number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const DAY = 86_400_000;

/** Nexmark's price ranks: below 10,000; from 10,000 to below 1,000,000; from 1,000,000. */
const rankOf = (price: number) => (price < 10_000 ? 1 : price < 1_000_000 ? 2 : 3);

/** q15's and q16's figures over some bids: count(*) and count(distinct) with FILTER per rank. */
function rankStatistics(own: readonly Event[]): Row {
  const row: Row = { total_bids: own.length };
  const ranked = (r: number) => own.filter((b) => rankOf(num(b, 'price')) === r);
  for (const r of [1, 2, 3]) row[`rank${r}_bids`] = ranked(r).length;
  row.total_bidders = new Set(own.map((b) => b.bidder)).size;
  for (const r of [1, 2, 3]) row[`rank${r}_bidders`] = new Set(ranked(r).map((b) => b.bidder)).size;
  row.total_auctions = new Set(own.map((b) => b.auction)).size;
  for (const r of [1, 2, 3])
    row[`rank${r}_auctions`] = new Set(ranked(r).map((b) => b.auction)).size;
  return row;
}

export const NEXMARK_MODEL: Record<string, (events: readonly Event[]) => Row[]> = {
  q0: (events) =>
    bids(events).map((b) => ({
      auction: b.auction,
      bidder: b.bidder,
      price: b.price,
      dateTime: b.ts,
    })),

  q1: (events) =>
    bids(events).map((b) => ({
      auction: b.auction,
      bidder: b.bidder,
      price: num(b, 'price') * 0.908,
      dateTime: b.ts,
    })),

  q2: (events) =>
    bids(events)
      .filter((b) => num(b, 'auction') % 123 === 0)
      .map((b) => ({ auction: b.auction, price: b.price })),

  // A regular join: every auction of category 10 with its seller, if from OR, ID or CA.
  q3: (events) => {
    const people = events.filter(
      (e) => e.kind === 'person' && ['OR', 'ID', 'CA'].includes(e.state as string),
    );
    return events
      .filter((e) => e.kind === 'auction' && e.category === 10)
      .flatMap((a) =>
        people
          .filter((p) => p.id === a.seller)
          .map((p) => ({ name: p.name, city: p.city, state: p.state, id: a.id })),
      );
  },

  // HOP(2 s, 10 s): count per auction and window, then every auction with the window's maximum.
  q5: (events) => {
    const counts = new Map<number, Map<number, number>>();
    for (const b of bids(events)) {
      const ts = num(b, 'ts');
      for (let start = floorTo(ts, 2000); start > ts - 10_000; start -= 2000) {
        let perAuction = counts.get(start);
        if (!perAuction) counts.set(start, (perAuction = new Map()));
        const auction = num(b, 'auction');
        perAuction.set(auction, (perAuction.get(auction) ?? 0) + 1);
      }
    }
    const rows: Row[] = [];
    for (const perAuction of counts.values()) {
      const max = Math.max(...perAuction.values());
      for (const [auction, n] of perAuction) if (n === max) rows.push({ auction, num: n });
    }
    return rows;
  },

  // TUMBLE(10 s): the bid with the highest price in each window.
  q7: (events) =>
    [...group(bids(events), (b) => floorTo(num(b, 'ts'), 10_000)).values()].map((inWindow) => {
      const best = inWindow.reduce((a, b) => (num(b, 'price') > num(a, 'price') ? b : a));
      return { auction: best.auction, price: best.price, bidder: best.bidder, dateTime: best.ts };
    }),

  // TUMBLE(10 s): people who registered and opened an auction in the same window.
  q8: (events) => {
    const rows: Row[] = [];
    const windows = group(
      events.filter((e) => e.kind !== 'bid'),
      (e) => floorTo(num(e, 'ts'), 10_000),
    );
    for (const [start, inWindow] of windows) {
      const sellers = new Set(inWindow.filter((e) => e.kind === 'auction').map((a) => a.seller));
      for (const p of inWindow) {
        if (p.kind === 'person' && sellers.has(p.id))
          rows.push({ id: p.id, name: p.name, stime: start });
      }
    }
    return rows;
  },

  // SESSION(10 s) per bidder: a session ends 10 s after its last bid (windows that touch merge,
  // as Flink's TimeWindow.intersects).
  q11: (events) => {
    const rows: Row[] = [];
    for (const [bidder, own] of group(bids(events), (b) => num(b, 'bidder'))) {
      const times = own.map((b) => num(b, 'ts')).sort((a, b) => a - b);
      let start = times[0]!;
      let count = 0;
      for (let i = 0; i < times.length; i++) {
        count++;
        const next = times[i + 1];
        if (next === undefined || next > times[i]! + 10_000) {
          rows.push({ bidder, bid_count: count, starttime: start, endtime: times[i]! + 10_000 });
          if (next !== undefined) start = next;
          count = 0;
        }
      }
    }
    return rows;
  },

  // Every bid with its side-input row: key auction % 10,000, value the same number.
  q13: (events) =>
    bids(events).map((b) => ({
      auction: b.auction,
      bidder: b.bidder,
      price: b.price,
      dateTime: b.ts,
      value: num(b, 'auction') % 10_000,
    })),

  q14: (events) =>
    bids(events)
      .filter((b) => num(b, 'price') * 0.908 > 1_000_000 && num(b, 'price') * 0.908 < 50_000_000)
      .map((b) => {
        const hour = new Date(num(b, 'ts')).getUTCHours();
        const bidTimeType =
          hour >= 8 && hour <= 18 ? 'dayTime' : hour <= 6 || hour >= 20 ? 'nightTime' : 'otherTime';
        return {
          auction: b.auction,
          bidder: b.bidder,
          price: num(b, 'price') * 0.908,
          bidTimeType,
          dateTime: b.ts,
        };
      }),

  q15: (events) =>
    [...group(bids(events), (b) => floorTo(num(b, 'ts'), DAY))].map(([day, inDay]) => ({
      day,
      ...rankStatistics(inDay),
    })),

  q16: (events) => {
    const rows: Row[] = [];
    for (const [key, own] of group(
      bids(events),
      (b) => `${String(b.channel)}\0${floorTo(num(b, 'ts'), DAY)}`,
    )) {
      const [channel, day] = (key as string).split('\0');
      rows.push({ channel, day: Number(day), ...rankStatistics(own) });
    }
    return rows;
  },

  q17: (events) => {
    const rows: Row[] = [];
    for (const [key, own] of group(
      bids(events),
      (b) => `${num(b, 'auction')}/${floorTo(num(b, 'ts'), DAY)}`,
    )) {
      const [auction, day] = (key as string).split('/').map(Number);
      const prices = own.map((b) => num(b, 'price'));
      const sum = prices.reduce((a, b) => a + b, 0);
      rows.push({
        auction,
        day,
        total_bids: own.length,
        rank1_bids: prices.filter((p) => rankOf(p) === 1).length,
        rank2_bids: prices.filter((p) => rankOf(p) === 2).length,
        rank3_bids: prices.filter((p) => rankOf(p) === 3).length,
        min_price: Math.min(...prices),
        max_price: Math.max(...prices),
        avg_price: sum / own.length,
        sum_price: sum,
      });
    }
    return rows;
  },
};
