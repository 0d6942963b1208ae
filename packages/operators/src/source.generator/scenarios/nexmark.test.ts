import { describe, expect, it } from 'vitest';
import type { OperatorContext } from '../../core/runtime.js';
import { generator } from '../index.js';
import { GeneratorParams } from '../params.js';
import { openStream } from '../runtime.js';
import type { NexmarkEvent } from './nexmark.js';
import { SCENARIO_FIELDS } from './definitions.js';
import { FIRST_AUCTION_ID, FIRST_PERSON_ID } from './nexmark.js';

const NEXMARK_FIELDS = SCENARIO_FIELDS.nexmark;

function events(n: number, extra: Record<string, unknown> = {}): NexmarkEvent[] {
  const { stream } = openStream(GeneratorParams.parse({ scenario: 'nexmark', ...extra }), 0);
  return Array.from({ length: n }, () => stream.next() as NexmarkEvent);
}

const OWN: Record<NexmarkEvent['kind'], string[]> = {
  person: ['id', 'name', 'emailAddress', 'creditCard', 'city', 'state'],
  auction: [
    'id',
    'itemName',
    'description',
    'initialBid',
    'reserve',
    'expires',
    'seller',
    'category',
  ],
  bid: ['auction', 'bidder', 'price', 'channel', 'url'],
};

describe('nexmark', () => {
  const sample = events(100_000);
  const of = (kind: NexmarkEvent['kind']) => sample.filter((e) => e.kind === kind);

  it('makes people, auctions and bids 1:3:46, by position in each block of 50', () => {
    expect(of('person')).toHaveLength(2000);
    expect(of('auction')).toHaveLength(6000);
    expect(of('bid')).toHaveLength(92_000);
    const kinds = sample.slice(0, 50).map((e) => e.kind);
    expect(kinds).toEqual([
      'person',
      'auction',
      'auction',
      'auction',
      ...Array<string>(46).fill('bid'),
    ]);
    expect(sample.slice(50, 100).map((e) => e.kind)).toEqual(kinds);
  });

  it("gives each kind Nexmark's fields, the others' null, and event time in order", () => {
    const problems: unknown[] = [];
    let last = -Infinity;
    for (const e of sample) {
      if (Object.keys(e).join() !== NEXMARK_FIELDS.join()) problems.push(['keys', e]);
      for (const field of NEXMARK_FIELDS) {
        if (field === 'kind' || field === 'ts') continue;
        const own = OWN[e.kind].includes(field);
        if (own !== (e[field] !== null)) problems.push([field, e]);
      }
      if (!Number.isInteger(e.ts) || e.ts < last) problems.push(['ts', e]);
      last = e.ts;
    }
    expect(problems.slice(0, 3)).toEqual([]);
    // Unpaced: 1000 events per second of event time, evenly spaced from the start time.
    expect(sample[0]!.ts).toBe(Date.UTC(2026, 0, 1));
    expect(sample[99_999]!.ts).toBe(Date.UTC(2026, 0, 1) + 99_999);
  });

  it('numbers people and auctions densely, and bids go to recent ones', () => {
    expect(of('person').map((p) => p.id)).toEqual(
      Array.from({ length: 2000 }, (_, i) => FIRST_PERSON_ID + i),
    );
    expect(of('auction').map((a) => a.id)).toEqual(
      Array.from({ length: 6000 }, (_, i) => FIRST_AUCTION_ID + i),
    );
    let lastAuction = -1;
    let lastPerson = -1;
    const wrong: NexmarkEvent[] = [];
    for (const e of sample) {
      if (e.kind === 'person') lastPerson = e.id!;
      else if (e.kind === 'auction') {
        lastAuction = e.id!;
        // Sellers: recent people, up to 10 ids ahead.
        if (e.seller! > lastPerson + 10 || e.seller! < lastPerson - 1010) wrong.push(e);
        if (e.category! < 10 || e.category! > 14 || e.reserve! < e.initialBid!) wrong.push(e);
        if (e.expires! <= e.ts) wrong.push(e);
      } else {
        if (e.auction! > lastAuction + 10 || e.auction! < lastAuction - 200) wrong.push(e);
        if (e.bidder! > lastPerson + 10 || e.bidder! < lastPerson - 1010) wrong.push(e);
        if (!Number.isInteger(e.price) || e.price! < 100 || e.price! > 100_000_000) wrong.push(e);
      }
    }
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('sends half of the bids to the hot auction and most to the hot bidder', () => {
    const bids = of('bid');
    const hot = bids.filter((b) => (b.auction! - FIRST_AUCTION_ID) % 100 === 0).length;
    // 1/2 hot, plus the random ones that happen to be a run's first auction.
    expect(hot / bids.length).toBeGreaterThan(0.49);
    expect(hot / bids.length).toBeLessThan(0.53);
    const hotBidder = bids.filter((b) => (b.bidder! - FIRST_PERSON_ID) % 100 === 1).length;
    expect(hotBidder / bids.length).toBeGreaterThan(0.74);
    const channels = new Set(bids.map((b) => b.channel));
    expect(channels.has('Google')).toBe(true);
    expect(bids.filter((b) => b.channel!.startsWith('channel-')).length / bids.length).toBeCloseTo(
      0.5,
      1,
    );
    const sellers = of('auction').filter((a) => (a.seller! - FIRST_PERSON_ID) % 100 === 0).length;
    expect(sellers / 6000).toBeGreaterThan(0.74);
  });

  it('is deterministic from the seed', () => {
    expect(events(5000)).toEqual(sample.slice(0, 5000));
    const other = events(5000, { seed: 2 });
    expect(other.map((e) => e.kind)).toEqual(sample.slice(0, 5000).map((e) => e.kind));
    expect(other.map((e) => e.price)).not.toEqual(sample.slice(0, 5000).map((e) => e.price));
  });

  it('follows ratePerSec for event time and stops at limit', async () => {
    const paced = events(10, { ratePerSec: 10_000, startTime: 0 });
    expect(paced.map((e) => e.ts)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(events(3001, { ratePerSec: 10_000, startTime: 0 })[3000]!.ts).toBe(300);
    const ctx = { nodeId: 'gen', now: () => 0 } as unknown as OperatorContext;
    const source = generator.create(
      GeneratorParams.parse({ scenario: 'nexmark', limit: 1234 }),
      ctx,
    );
    let n = 0;
    for (;;) {
      const batch = await source.next(500);
      if (batch === null) break;
      n += batch.records.length;
    }
    expect(n).toBe(1234);
  });
});
