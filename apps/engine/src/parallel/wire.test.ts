import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rec } from '@rivulet/operators';
import type { ExchangeMessage } from './exchange.js';
import { decode, encode, seal } from './wire.js';

const FIELDS = ['a', 'b', 'c'];
// A JSON number: finite, and no -0 (JSON text writes it as 0; a numeric column keeps it, a
// column with other values is JSON text, as records are when they cross whole).
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
const value = fc.oneof(
  number,
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);
/** A record with any of the fields, numeric columns made likely. */
const record = fc.oneof(
  fc.record({ a: fc.integer(), b: number }),
  fc.dictionary(fc.constantFrom(...FIELDS), value),
);
const time = fc.oneof(fc.integer(), fc.constant(Number.POSITIVE_INFINITY));
// What a structured clone of the wire does to it: typed arrays and strings survive as they are.
const cloned = <T>(x: T): T => structuredClone(x);
const plain = (m: ExchangeMessage) =>
  JSON.parse(
    JSON.stringify(m, (_, v: unknown) =>
      ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
    ),
  ) as unknown;

/** Items of rows (null: a watermark at 5): each row's record, time and key. */
function items<R>(rows: (R | null)[], parts: (r: R) => [Rec, number, string]): ExchangeMessage {
  return {
    t: 'items',
    edge: 0,
    from: 1,
    marks: rows.map((r) => (r === null ? 1 : 0)),
    records: rows.map((r) => (r === null ? (null as never) : parts(r)[0])),
    times: rows.map((r) => (r === null ? 5 : parts(r)[1])),
    keys: rows.map((r) => (r === null ? '' : parts(r)[2])),
  };
}

describe('the wire of the exchange', () => {
  it('gives back a block as it was sent: the fields the edge carries, times, keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(record, fc.integer(), fc.string())),
        fc.boolean(),
        (rows, all) => {
          const m: ExchangeMessage = {
            t: 'block',
            edge: 2,
            source: 's',
            block: 7,
            blockMax: 99,
            records: rows.map((r) => r[0]),
            times: rows.map((r) => r[1]),
            keys: rows.map((r) => r[2]),
            before: rows.map((r) => r[1] - 1),
          };
          const { wire, transfer } = encode(m, all ? null : FIELDS);
          expect(transfer.length).toBeGreaterThanOrEqual(2);
          expect(plain(decode(cloned(wire)))).toEqual(plain(m));
          // A block of this worker that waits for its turn is kept in the same form.
          const waiting = seal(m, all ? null : FIELDS);
          expect([waiting.edge, waiting.source, waiting.block]).toEqual([2, 's', 7]);
          expect(plain(waiting.open())).toEqual(plain(m));
        },
      ),
    );
  });

  it('remakes the keys of an edge out of a keyBy from the records, rather than send them', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.tuple(record, fc.integer()))), (rows) => {
        const keyOf = (r: Rec) => JSON.stringify([r.a ?? null]);
        const m = items(rows, (r) => [r[0], r[1], keyOf(r[0])]);
        if (m.t !== 'items') throw new Error('not items');
        const { wire } = encode(m, FIELDS, true);
        if (wire.t !== 'items') throw new Error('not items');
        expect(wire.keys).toBeNull();
        const back = decode(cloned(wire), keyOf);
        expect(back.t === 'items' && back.keys).toEqual(m.keys);
        expect(() => decode(cloned(wire))).toThrow(/without its keys/);
      }),
    );
  });

  it('gives back items with watermarks among the records', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.tuple(record, time, fc.string()))), (rows) => {
        const m = items(rows, (r) => r);
        if (m.t !== 'items') throw new Error('not items');
        const back = decode(cloned(encode(m, FIELDS).wire));
        if (back.t !== 'items') throw new Error('not items');
        expect(Array.from(back.marks)).toEqual(m.marks);
        expect(Array.from(back.times)).toEqual(m.times);
        expect(back.keys).toEqual(m.keys);
        // A watermark's place holds no record worth reading; every record is as it was.
        rows.forEach((r, i) => {
          if (r !== null) expect(back.records[i]).toEqual(r[0]);
        });
      }),
    );
  });

  it('sends numeric columns as numbers and keeps an absent field absent', () => {
    const m: ExchangeMessage = {
      t: 'block',
      edge: 0,
      source: 's',
      block: 0,
      blockMax: 3,
      records: [{ a: 1, b: 'x' }, { a: 2 }, { a: 3, b: null }],
      times: [1, 2, 3],
      keys: ['k', 'k', 'j'],
      before: [-Infinity, 1, 2],
    };
    const { wire } = encode(m, ['a', 'b']);
    if (wire.t !== 'block') throw new Error('not a block');
    expect(wire.columns[0]).toEqual({ n: new Float64Array([1, 2, 3]) });
    const back = decode(cloned(wire));
    expect(back.t === 'block' && back.records).toEqual([
      { a: 1, b: 'x' },
      { a: 2 },
      { a: 3, b: null },
    ]);
    expect(Object.hasOwn(back.t === 'block' ? back.records[1]! : {}, 'b')).toBe(false);
  });
});
