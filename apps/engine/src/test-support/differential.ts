/** Input for comparing two engines, the pipelines compared, and their outputs made comparable. */
import type { PipelineDocument } from '@rivulet/shared-types';

/** A small seeded generator (mulberry32): the same seed gives the same input everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['fr', 'de', 'us', 'jp'];

/**
 * Payments-like records in arrival order: event times that mostly advance by tens of ms, with a
 * pause of several seconds now and then (so that sessions close), each record delayed by up
 * to `maxDelayMs` (so that some arrive after the watermark passed them). Amounts are distinct
 * (a ranking has no ties) with three decimals; `country`, `note` and `flag` are sometimes
 * missing or null.
 */
export function outOfOrderEvents(options: {
  seed: number;
  count: number;
  users: number;
  maxDelayMs: number;
  idFrom?: number;
}): Record<string, unknown>[] {
  const next = random(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  let t = 1_700_000_003_217;
  const events: { arrival: number; record: Record<string, unknown> }[] = [];
  for (let i = 0; i < options.count; i++) {
    t += next() < 0.01 ? 5000 + Math.floor(next() * 4000) : Math.floor(next() * 100);
    const id = (options.idFrom ?? 0) + i;
    const record: Record<string, unknown> = {
      id,
      user: `u${Math.floor(next() * options.users)}`,
      amount: 1 + ((id * 7919) % 100_003) / 1000,
      ts: t,
    };
    if (next() < 0.9) record.country = pick(COUNTRIES);
    const note = next();
    if (note < 0.3) record.note = pick(['gift', 'refund', 'promo']);
    else if (note < 0.5) record.note = null;
    if (next() < 0.7) record.flag = next() < 0.5;
    events.push({ arrival: t + Math.floor(next() * (options.maxDelayMs + 1)), record });
  }
  events.sort((a, b) => a.arrival - b.arrival);
  return events.map((e) => e.record);
}

/**
 * Rows as sorted canonical JSON texts: a null field and a missing one count as the same, key
 * order does not matter, and numbers compare by value (`3` and `3.0` are one number).
 */
export function canonicalRows(rows: readonly Record<string, unknown>[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(row)
            .filter(([, v]) => v !== null && v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        ),
      ),
    )
    .sort();
}

type Node = PipelineDocument['nodes'][number];

export interface Case {
  name: string;
  nodes: Node[];
  edges: [string, string, string?][];
}

const file = (id: string, path: string, outOfOrderness = '2s'): Node => ({
  id,
  type: 'source.file',
  params: { path, eventTime: { field: 'ts', maxOutOfOrderness: outOfOrderness } },
});
const keyBy = (id: string, ...fields: string[]): Node => ({
  id,
  type: 'keyBy',
  params: { fields },
});
const out: Node = { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } };
const ALL_AGGREGATIONS = [
  { fn: 'count', as: 'n' },
  { fn: 'count', field: 'note', as: 'notes' },
  { fn: 'sum', field: 'amount', as: 'total' },
  { fn: 'avg', field: 'amount', as: 'mean' },
  { fn: 'min', field: 'amount', as: 'least' },
  { fn: 'max', field: 'amount', as: 'most' },
  { fn: 'countDistinct', field: 'country', as: 'countries' },
  { fn: 'first', field: 'country', as: 'firstCountry' },
  { fn: 'last', field: 'note', as: 'lastNote' },
];
const chain = (...ids: string[]): [string, string][] => ids.slice(1).map((id, i) => [ids[i]!, id]);

export const DIFFERENTIAL_CASES: Case[] = [
  {
    name: 'tumbling, keyed, every aggregation',
    nodes: [
      file('src', 'events.jsonl'),
      keyBy('by', 'user'),
      {
        id: 'w',
        type: 'window',
        params: { kind: 'tumbling', size: '10s', aggregations: ALL_AGGREGATIONS },
      },
      out,
    ],
    edges: chain('src', 'by', 'w', 'out'),
  },
  {
    name: 'sliding, keyed',
    nodes: [
      file('src', 'events.jsonl'),
      keyBy('by', 'user'),
      {
        id: 'w',
        type: 'window',
        params: {
          kind: 'sliding',
          size: '30s',
          slide: '10s',
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'max', field: 'amount', as: 'most' },
          ],
        },
      },
      out,
    ],
    edges: chain('src', 'by', 'w', 'out'),
  },
  {
    name: 'session, keyed',
    nodes: [
      file('src', 'events.jsonl', '500ms'),
      keyBy('by', 'user'),
      {
        id: 'w',
        type: 'window',
        params: {
          kind: 'session',
          gap: '3s',
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
      },
      out,
    ],
    edges: chain('src', 'by', 'w', 'out'),
  },
  {
    name: 'two key fields, and a global window downstream',
    nodes: [
      file('src', 'events.jsonl'),
      keyBy('by', 'user', 'country'),
      {
        id: 'w',
        type: 'window',
        params: { kind: 'tumbling', size: '5s', aggregations: [{ fn: 'count', as: 'n' }] },
      },
      { id: 'all', type: 'keyBy', params: { fields: ['windowStart'] } },
      {
        id: 'w2',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '20s',
          aggregations: [
            { fn: 'sum', field: 'n', as: 'records' },
            { fn: 'count', as: 'groups' },
          ],
        },
      },
      out,
    ],
    edges: chain('src', 'by', 'w', 'all', 'w2', 'out'),
  },
  {
    name: 'filter and map before the window (filtered records raise the watermark)',
    nodes: [
      file('src', 'events.jsonl', '1s'),
      { id: 'big', type: 'filter', params: { expr: 'amount >= 20 && country != "de"' } },
      {
        id: 'm',
        type: 'map',
        params: {
          fields: {
            eur: 'round(amount * 0.92, 2)',
            size: 'amount > 60 ? "large" : "small"',
            user: 'upper(user)',
          },
        },
      },
      keyBy('by', 'user', 'size'),
      {
        id: 'w',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'sum', field: 'eur', as: 'eur' },
            { fn: 'count', as: 'n' },
          ],
        },
      },
      out,
    ],
    edges: chain('src', 'big', 'm', 'by', 'w', 'out'),
  },
  {
    name: 'expressions, record by record',
    nodes: [
      file('src', 'events.jsonl'),
      {
        id: 'm',
        type: 'map',
        params: {
          keep: false,
          fields: {
            id: 'id',
            half: 'amount / 2',
            byZero: 'amount / 0',
            rest: 'id % 7',
            negRest: '(0 - id) % 4',
            neg: '-amount',
            // log, exp and pow are left out: Java's and V8's may differ in the last bit.
            root: 'sqrt(amount - 50)',
            capped: 'min(amount, 50)',
            r: 'round(amount * 1.15, 1)',
            fl: 'floor(amount / 3)',
            h: 'hour(ts)',
            m: 'minute(ts)',
            dow: 'dayOfWeek(ts)',
            loud: 'upper(country)',
            chars: 'len(user)',
            first: 'substr(country, 0, 1)',
            tag: 'concat(user, "-", note)',
            noted: 'coalesce(note, "none")',
            hasNote: 'isNull(note)',
            flagText: 'toString(flag)',
            flagNum: 'toNumber(flag)',
            notFlag: '!flag',
            european: 'contains(["fr", "de"], country)',
            u1: 'startsWith(user, "u1")',
            endsR: 'endsWith(country, "r")',
            has: 'contains(user, "2")',
            // Whole words: REGEXP over LOWER in Flink, a scan of words in Rivulet.
            word: 'hasWord(note, "Gift")',
            words: 'hasAnyWord(concat(user, "-", note), "refund", "u1*", "u2 promo")',
            mixed: 'amount + country',
            joined: 'user + country',
            eqNull: 'note == null',
            neNull: 'note != null',
            cmp: 'country < "fr"',
            odd: 'amount > "x"',
            pick: 'note && country',
            either: 'note || country',
          },
        },
      },
      out,
    ],
    edges: chain('src', 'm', 'out'),
  },
  {
    name: 'top 2 per user in sliding windows',
    nodes: [
      file('src', 'events.jsonl'),
      keyBy('by', 'user'),
      {
        id: 'top',
        type: 'topN',
        params: { n: 2, by: 'amount', window: { kind: 'sliding', size: '20s', slide: '10s' } },
      },
      out,
    ],
    edges: chain('src', 'by', 'top', 'out'),
  },
  {
    name: 'top 3 of the whole stream, ascending',
    nodes: [
      file('src', 'events.jsonl'),
      {
        id: 'top',
        type: 'topN',
        params: { n: 3, by: 'amount', order: 'asc', window: { size: '15s' } },
      },
      out,
    ],
    edges: chain('src', 'top', 'out'),
  },
  {
    name: 'union of two sources, then a window',
    nodes: [
      // Neither input has late records: with them, which records the union's watermark (the
      // minimum of its inputs') makes late would depend on how the two reads interleave.
      file('a', 'ordered.jsonl', '0ms'),
      file('b', 'others.jsonl', '5s'),
      { id: 'u', type: 'union', params: {} },
      keyBy('by', 'country'),
      {
        id: 'w',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'n' },
            // Not a sum: how the two reads interleave would change its floating-point rounding.
            { fn: 'max', field: 'amount', as: 'most' },
            { fn: 'countDistinct', field: 'user', as: 'users' },
          ],
        },
      },
      out,
    ],
    edges: [['a', 'u'], ['b', 'u'], ...chain('u', 'by', 'w', 'out')],
  },
  {
    name: 'interval join of two keyed streams',
    nodes: [
      file('a', 'ordered.jsonl', '0ms'),
      file('b', 'others.jsonl', '5s'),
      keyBy('ka', 'user'),
      keyBy('kb', 'user'),
      {
        id: 'j',
        type: 'join.interval',
        params: { lowerBound: '-2s', upperBound: '3s', rightPrefix: 'r_' },
      },
      out,
    ],
    edges: [
      ['a', 'ka'],
      ['b', 'kb'],
      ['ka', 'j', 'left'],
      ['kb', 'j', 'right'],
      ['j', 'out'],
    ],
  },
];

export function pipelineOf(c: Case): PipelineDocument {
  return {
    version: 1,
    name: c.name,
    nodes: c.nodes,
    edges: c.edges.map(([source, target, targetHandle]) => ({
      source,
      target,
      ...(targetHandle ? { targetHandle } : {}),
    })),
  };
}
