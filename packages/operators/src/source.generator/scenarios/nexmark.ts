import { Rng } from '../rng.js';
import type { Clock, ScenarioStream, TimedRecord } from './types.js';
import { EVENT_STREAM, WORLD_STREAM } from './types.js';

/**
 * The Nexmark benchmark's events (people registering, auctions opening, bids), as its reference
 * generator makes them (github.com/nexmark/nexmark, nexmark-flink's generator, with its default
 * configuration): the kind of an event is decided by its position in each block of 50 (1 person,
 * 3 auctions, 46 bids), ids are dense and increasing, and most auctions and bids go to "hot"
 * sellers, auctions and bidders that change every 100 people or auctions. Written anew from
 * that description; what differs is said where it does.
 */

export type NexmarkKind = 'person' | 'auction' | 'bid';

/**
 * One record shape for the three kinds (as Nexmark's own table has one row with a person, an
 * auction and a bid column, two of them null): the fields of the other kinds are null. `id` is
 * the person's id for a person and the auction's for an auction. `ts` is Nexmark's `dateTime`.
 */
export interface NexmarkEvent extends TimedRecord {
  kind: NexmarkKind;
  id: number | null;
  name: string | null;
  emailAddress: string | null;
  creditCard: string | null;
  city: string | null;
  state: string | null;
  itemName: string | null;
  description: string | null;
  initialBid: number | null;
  reserve: number | null;
  expires: number | null;
  seller: number | null;
  category: number | null;
  auction: number | null;
  bidder: number | null;
  price: number | null;
  channel: string | null;
  url: string | null;
  ts: number;
}

// Nexmark's proportions: in each block of 50 events, 1 person, then 3 auctions, then 46 bids.
export const PERSON_PROPORTION = 1;
export const AUCTION_PROPORTION = 3;
export const BID_PROPORTION = 46;
const TOTAL = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

/** Ids start here, so that queries find matches on small inputs too (Nexmark's choice). */
export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
const CATEGORIES = 5;

// Nexmark's defaults (NexmarkConfiguration).
/** People a random seller or bidder is drawn from: the latest ones. */
const ACTIVE_PEOPLE = 1000;
/** Auctions a random bid is drawn from: the latest ones. */
const IN_FLIGHT_AUCTIONS = 100;
/** Ids this far past the latest are drawn too (a bid may come before its auction's event). */
const ID_LEAD = 10;
/** 1 in N auctions is by a random seller, the others by the hot one; likewise bids. */
const HOT_SELLERS_RATIO = 4;
const HOT_AUCTION_RATIO = 2;
const HOT_BIDDERS_RATIO = 4;
/** The hot seller, auction and bidder are the first of each run of this many ids. */
const HOT_RUN = 100;
const CHANNELS = 10_000;
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];

const STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const CITIES = [
  'Phoenix',
  'Los Angeles',
  'San Francisco',
  'Boise',
  'Portland',
  'Bend',
  'Redmond',
  'Seattle',
  'Kent',
  'Cheyenne',
];
const FIRST_NAMES = [
  'Peter',
  'Paul',
  'Luke',
  'John',
  'Saul',
  'Vicky',
  'Kate',
  'Julie',
  'Sarah',
  'Deiter',
  'Walter',
];
const LAST_NAMES = [
  'Shultz',
  'Abrams',
  'Spencer',
  'White',
  'Bartels',
  'Walton',
  'Smith',
  'Jones',
  'Noris',
];

/** The kind of the event at this position (0-based), by its place in its block of 50. */
export function kindAt(n: number): NexmarkKind {
  const offset = n % TOTAL;
  return offset < PERSON_PROPORTION
    ? 'person'
    : offset < PERSON_PROPORTION + AUCTION_PROPORTION
      ? 'auction'
      : 'bid';
}

/** The latest person id (from 0) at event n: the one it creates, if it is a person. */
export function lastPersonId(n: number): number {
  const epoch = Math.floor(n / TOTAL);
  const offset = Math.min(n % TOTAL, PERSON_PROPORTION - 1);
  return epoch * PERSON_PROPORTION + offset;
}

/** The latest auction id (from 0) at event n: the one it creates, if it is an auction (-1: none yet). */
export function lastAuctionId(n: number): number {
  let epoch = Math.floor(n / TOTAL);
  let offset = n % TOTAL;
  if (offset < PERSON_PROPORTION) {
    epoch--;
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) offset = AUCTION_PROPORTION - 1;
  else offset -= PERSON_PROPORTION;
  return epoch * AUCTION_PROPORTION + offset;
}

/** A string of 3 to maxLength - 1 letters with the odd `special`, trimmed (Nexmark's nextString). */
function text(rng: Rng, maxLength: number, special = ' '): string {
  let length = 3 + rng.int(maxLength - 3);
  let s = '';
  while (length-- > 0) s += rng.int(13) === 0 ? special : String.fromCharCode(97 + rng.int(26));
  return s.trim();
}

/** A price in cents, log-uniform from 1.00 to 1,000,000.00 (Nexmark's nextPrice). */
function price(rng: Rng): number {
  return Math.round(Math.pow(10, rng.float() * 6) * 100);
}

function baseUrl(rng: Rng): string {
  return `https://www.nexmark.com/${text(rng, 5, '_')}/${text(rng, 5, '_')}/${text(rng, 5, '_')}/item.htm?query=1`;
}

export function nexmark(_options: unknown, seed: number, clock: Clock): ScenarioStream {
  // The channels' URLs are fixed for a seed, as Nexmark's cache of them is for a run.
  const world = new Rng(seed, WORLD_STREAM);
  const hotUrls = HOT_CHANNELS.map(() => baseUrl(world));
  const channelUrls = Array.from({ length: CHANNELS }, (_, i) => {
    const url = baseUrl(world);
    // Nexmark: Math.abs(Integer.reverse(i)), the bits of i reversed as a signed 32-bit number.
    return world.int(10) > 0 ? `${url}&channel_id=${Math.abs(reverseBits(i))}` : url;
  });
  const rng = new Rng(seed, EVENT_STREAM);
  /** Event time of event n: evenly spaced, as Nexmark's timestampForEvent. */
  const timeOf = (n: number) => clock.startTime + Math.floor(n * clock.meanGapMs);
  /** An auction lasts on average as long as it takes for IN_FLIGHT_AUCTIONS more to open. */
  const auctionEventsAhead = Math.floor((IN_FLIGHT_AUCTIONS * TOTAL) / AUCTION_PROPORTION);

  const randomPerson = (n: number): number => {
    const people = lastPersonId(n) + 1;
    const active = Math.min(people, ACTIVE_PEOPLE);
    return people - active + rng.int(active + ID_LEAD);
  };
  const randomAuction = (n: number): number => {
    const last = lastAuctionId(n);
    const min = Math.max(last - IN_FLIGHT_AUCTIONS, 0);
    return min + rng.int(last - min + 1 + ID_LEAD);
  };

  let n = 0;
  return {
    next(): NexmarkEvent {
      const ts = timeOf(n);
      const kind = kindAt(n);
      let event: NexmarkEvent;
      if (kind === 'person') {
        const card = [0, 1, 2, 3].map(() => String(rng.int(10_000)).padStart(4, '0')).join(' ');
        event = {
          kind,
          id: lastPersonId(n) + FIRST_PERSON_ID,
          name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
          emailAddress: `${text(rng, 7)}@${text(rng, 5)}.com`,
          creditCard: card,
          city: rng.pick(CITIES),
          state: rng.pick(STATES),
          itemName: null,
          description: null,
          initialBid: null,
          reserve: null,
          expires: null,
          seller: null,
          category: null,
          auction: null,
          bidder: null,
          price: null,
          channel: null,
          url: null,
          ts,
        };
      } else if (kind === 'auction') {
        const seller =
          rng.int(HOT_SELLERS_RATIO) > 0
            ? Math.floor(lastPersonId(n) / HOT_RUN) * HOT_RUN
            : randomPerson(n);
        const category = FIRST_CATEGORY_ID + rng.int(CATEGORIES);
        const initialBid = price(rng);
        const horizon = timeOf(n + auctionEventsAhead) - ts;
        const expires = ts + 1 + rng.int(Math.max(horizon * 2, 1));
        const itemName = text(rng, 20);
        const description = text(rng, 100);
        event = {
          kind,
          id: lastAuctionId(n) + FIRST_AUCTION_ID,
          name: null,
          emailAddress: null,
          creditCard: null,
          city: null,
          state: null,
          itemName,
          description,
          initialBid,
          reserve: initialBid + price(rng),
          expires,
          seller: seller + FIRST_PERSON_ID,
          category,
          auction: null,
          bidder: null,
          price: null,
          channel: null,
          url: null,
          ts,
        };
      } else {
        const auction =
          rng.int(HOT_AUCTION_RATIO) > 0
            ? Math.floor(lastAuctionId(n) / HOT_RUN) * HOT_RUN
            : randomAuction(n);
        // The second person of the run, so that hot bidders and hot sellers differ. (Nexmark
        // adds FIRST_PERSON_ID to bidders twice, a slip not copied: bidders are people here.)
        const bidder =
          rng.int(HOT_BIDDERS_RATIO) > 0
            ? Math.floor(lastPersonId(n) / HOT_RUN) * HOT_RUN + 1
            : randomPerson(n);
        const bidPrice = price(rng);
        let channel: string;
        let url: string;
        if (rng.int(2) > 0) {
          const i = rng.int(HOT_CHANNELS.length);
          channel = HOT_CHANNELS[i]!;
          url = hotUrls[i]!;
        } else {
          const i = rng.int(CHANNELS);
          channel = `channel-${i}`;
          url = channelUrls[i]!;
        }
        event = {
          kind,
          id: null,
          name: null,
          emailAddress: null,
          creditCard: null,
          city: null,
          state: null,
          itemName: null,
          description: null,
          initialBid: null,
          reserve: null,
          expires: null,
          seller: null,
          category: null,
          auction: auction + FIRST_AUCTION_ID,
          bidder: bidder + FIRST_PERSON_ID,
          price: bidPrice,
          channel,
          url,
          ts,
        };
      }
      n++;
      return event;
    },
  };
}

/** Java's Integer.reverse: the 32 bits in reverse order, as a signed 32-bit number. */
function reverseBits(i: number): number {
  let r = 0;
  for (let bit = 0; bit < 32; bit++) r = (r << 1) | ((i >>> bit) & 1);
  return r | 0;
}
