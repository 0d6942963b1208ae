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
};
