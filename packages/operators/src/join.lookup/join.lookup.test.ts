import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OperatorContext, OperatorIO, Rec } from '../core/runtime.js';
import { createTestContext } from '../core/test-support/context.js';
import { joinLookup } from './index.js';
import { LookupJoinOperator, type LookupLimits } from './operator.js';
import { LookupJoinParams } from './params.js';

/** An io whose readLines serves in-memory chunks, after `gate` when given. */
function tableIO(chunks: string[][] | Error, gate?: Promise<void>) {
  const paths: string[] = [];
  const io: OperatorIO = {
    readLines(path) {
      paths.push(path);
      return (async function* () {
        if (gate) await gate;
        if (chunks instanceof Error) throw chunks;
        for (const chunk of chunks) yield chunk;
      })();
    },
    openWriter() {
      throw new Error('no writer in lookup tests');
    },
    print() {
      throw new Error('no print in lookup tests');
    },
  };
  return { io, paths };
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

function build(
  raw: Record<string, unknown>,
  chunks: string[][] | Error,
  options: { gate?: Promise<void>; limits?: LookupLimits } = {},
) {
  const test = createTestContext();
  const { io, paths } = tableIO(chunks, options.gate);
  const ctx: OperatorContext = { ...test.ctx, io };
  const params = LookupJoinParams.parse(raw);
  const op = options.limits
    ? new LookupJoinOperator(params, ctx, options.limits)
    : (joinLookup.create(params, ctx) as LookupJoinOperator);
  return { ...test, op, paths };
}

const PROFILES = ['{"card":"c1","home":"FR","usual":20}', '{"card":"c2","home":"DE","usual":300}'];
const rows = (t: { out: { record: Rec }[] }) => t.out.map((e) => e.record);

describe('join.lookup: enrichment', () => {
  it('adds the fields of the row whose key equals the record field, without the key', async () => {
    const t = build({ path: 'profiles.jsonl', key: 'card' }, [PROFILES]);
    await t.op.ready();
    expect(t.paths).toEqual(['profiles.jsonl']);
    const tx = { card: 'c2', amount: 5 };
    t.op.onRecord(tx, 7, '["c2"]');
    expect(t.out).toEqual([
      { record: { card: 'c2', amount: 5, home: 'DE', usual: 300 }, ts: 7, key: '["c2"]' },
    ]);
    expect(tx).toEqual({ card: 'c2', amount: 5 }); // the input is not changed
    expect(t.op.stateSize()).toEqual({ keys: 2, windows: 0 });
  });

  it('looks up `on`, prefixes the added fields, and lets the table win a clash', async () => {
    const t = build({ path: 'p.jsonl', key: 'card', on: 'cardId', prefix: 'p_' }, [
      ['{"card":"c1","home":"FR","__proto__":1}'],
    ]);
    await t.op.ready();
    t.op.onRecord({ cardId: 'c1', p_home: 'old' }, 1, '');
    const out = t.out[0]!.record;
    expect(JSON.stringify(out)).toBe('{"cardId":"c1","p_home":"FR","p___proto__":1}');
    const u = build({ path: 'p.jsonl', key: 'id', prefix: '__' }, [['{"id":1,"proto__":"x"}']]);
    await u.op.ready();
    u.op.onRecord({ id: 1 }, 1, '');
    expect(Object.getPrototypeOf(u.out[0]!.record)).toBe(Object.prototype);
    expect(JSON.stringify(u.out[0]!.record)).toBe('{"id":1,"__proto__":"x"}');
  });

  it('reads CSV tables as the file source does: numbers become numbers, keys match as text', async () => {
    const t = build({ path: 'p.csv', format: 'csv', key: 'id' }, [
      ['id,name,limit', '42,"Smith, J",1500.5', '7,Lee,-3'],
      ['x,"unbalanced,1', '8,too,many,cells', '', 'true,flag,1'],
    ]);
    await t.op.ready();
    t.op.onRecord({ id: '42' }, 1, '');
    t.op.onRecord({ id: 7 }, 2, '');
    t.op.onRecord({ id: true }, 3, '');
    expect(rows(t)).toEqual([
      { id: '42', name: 'Smith, J', limit: 1500.5 },
      { id: 7, name: 'Lee', limit: -3 },
      { id: true, name: 'flag', limit: 1 },
    ]);
    expect(t.deadLetters.map((d) => d.reason)).toEqual([
      'lookup table line 4: malformed CSV (unbalanced quotes)',
      'lookup table line 5: expected 3 CSV cells, got 4',
    ]);
    expect(t.deadLetters[0]!.record).toEqual({ line: 4, text: 'x,"unbalanced,1' });
  });

  it('dead-letters bad JSONL lines and rows without a usable key, with line numbers', async () => {
    const t = build({ path: 't.jsonl', key: 'k' }, [
      ['{"k":"a","v":1}', '{oops', '', '[1,2]'],
      ['{"v":2}', '{"k":null}', '{"k":{"x":1}}', '{"k":"b","v":3}'],
    ]);
    await t.op.ready();
    expect(t.deadLetters.map((d) => d.reason)).toEqual([
      expect.stringMatching(/^lookup table line 2: not valid JSON/),
      'lookup table line 4: not a JSON object (got an array)',
      'lookup table line 5: key field "k" is missing or not a string, number or boolean',
      'lookup table line 6: key field "k" is missing or not a string, number or boolean',
      'lookup table line 7: key field "k" is missing or not a string, number or boolean',
    ]);
    expect(t.op.stateSize().keys).toBe(2);
  });

  it('lets a later row with the same key replace the earlier one', async () => {
    const t = build({ path: 't.jsonl', key: 'k' }, [
      ['{"k":"a","v":1,"old":true}', '{"k":"b","v":2}'],
      ['{"k":"a","v":3}'],
    ]);
    await t.op.ready();
    t.op.onRecord({ k: 'a' }, 1, '');
    expect(rows(t)).toEqual([{ k: 'a', v: 3 }]);
  });
});

describe('join.lookup: missing rows', () => {
  const table = [['{"k":"a","v":1}']];
  const records: Rec[] = [{ k: 'zz' }, {}, { k: null }, { k: ['a'] }, { k: 'a' }];

  it('passes records without a row on unchanged by default', async () => {
    const t = build({ path: 't', key: 'k' }, table);
    await t.op.ready();
    records.forEach((r, i) => t.op.onRecord(r, i, ''));
    expect(t.out.map((e) => e.record)).toEqual([...records.slice(0, 4), { k: 'a', v: 1 }]);
    expect(t.out[0]!.record).toBe(records[0]);
  });

  it('drops them with missing = drop', async () => {
    const t = build({ path: 't', key: 'k', missing: 'drop' }, table);
    await t.op.ready();
    records.forEach((r, i) => t.op.onRecord(r, i, ''));
    expect(rows(t)).toEqual([{ k: 'a', v: 1 }]);
    expect(t.deadLetters).toEqual([]);
    expect(t.counters.dropped).toBe(records.length - 1);
  });

  it('dead-letters them with missing = deadLetter', async () => {
    const t = build({ path: 't', key: 'k', missing: 'deadLetter' }, table);
    await t.op.ready();
    records.forEach((r, i) => t.op.onRecord(r, i, ''));
    expect(rows(t)).toEqual([{ k: 'a', v: 1 }]);
    expect(t.deadLetters.map((d) => d.reason)).toEqual([
      'join.lookup: no table row for k = "zz"',
      'join.lookup: no table row for k = missing',
      'join.lookup: no table row for k = null',
      'join.lookup: no table row for k = ["a"]',
    ]);
    expect(t.deadLetters[0]!.record).toBe(records[0]);
    // A dead letter keeps the record's event time.
    expect(t.deadLetters.map((d) => d.ts)).toEqual([0, 1, 2, 3]);
    expect(t.counters.dropped).toBe(0);
  });
});

describe('join.lookup: records that arrive while the table loads', () => {
  it('wait, then go out in arrival order before any later record', async () => {
    const g = gate();
    const t = build({ path: 't', key: 'k' }, [['{"k":"a","v":1}']], { gate: g.promise });
    const loading = t.op.backpressure();
    expect(loading).toBeInstanceOf(Promise);
    for (let i = 0; i < 5; i++) t.op.onRecord({ k: i % 2 === 0 ? 'a' : 'b', i }, i, '');
    t.op.onWatermark(3);
    expect(t.out).toEqual([]);
    expect(t.op.stateSize()).toEqual({ keys: 0, windows: 5 });
    g.open();
    await loading;
    t.op.onRecord({ k: 'a', i: 5 }, 5, '');
    expect(t.out.map((e) => [e.record.i, e.record.v, e.ts])).toEqual([
      [0, 1, 0],
      [1, undefined, 1],
      [2, 1, 2],
      [3, undefined, 3],
      [4, 1, 4],
      [5, 1, 5],
    ]);
    expect(t.op.backpressure()).toBeNull();
    expect(t.op.stateSize()).toEqual({ keys: 1, windows: 0 });
  });

  it('are bounded: beyond the limit they are dead letters with a reason', async () => {
    const g = gate();
    const t = build({ path: 't', key: 'k' }, [['{"k":"a","v":1}']], {
      gate: g.promise,
      limits: { maxRows: 10, maxWaiting: 3 },
    });
    for (let i = 0; i < 5; i++) t.op.onRecord({ k: 'a', i }, i, '');
    expect(t.deadLetters.map((d) => (d.record as Rec).i)).toEqual([3, 4]);
    expect(t.deadLetters[0]!.reason).toMatch(/while the lookup table was loading and 3 records/);
    g.open();
    await t.op.ready();
    expect(t.out.map((e) => e.record.i)).toEqual([0, 1, 2]);
  });

  it('are dropped when the operator closes before the table is loaded', async () => {
    const g = gate();
    const t = build({ path: 't', key: 'k' }, [['{"k":"a","v":1}']], { gate: g.promise });
    t.op.onRecord({ k: 'a' }, 1, '');
    const closing = t.op.close();
    g.open();
    await closing;
    expect(t.out).toEqual([]);
    expect(t.op.stateSize()).toEqual({ keys: 0, windows: 0 });
  });
});

describe('join.lookup: failures', () => {
  it('fails the run, at its next call, when the table has too many keys', async () => {
    const t = build(
      { path: 'big.jsonl', key: 'k' },
      [['{"k":1}', '{"k":2}', '{"k":1}', '{"k":3}']],
      {
        limits: { maxRows: 2, maxWaiting: 10 },
      },
    );
    t.op.onRecord({ k: 1 }, 1, '');
    await t.op.ready();
    expect(t.out).toEqual([]); // waiting records of a failed load are not sent
    expect(() => t.op.onWatermark(5)).toThrow(
      'the lookup table "big.jsonl" has more than 2 keys (line 4); the table is held in memory: use a smaller one',
    );
    expect(() => t.op.onRecord({ k: 1 }, 2, '')).not.toThrow(); // thrown once; the job stops
    await expect(t.op.close()).resolves.toBeUndefined();
  });

  it('fails on a read error, a malformed CSV header, or a CSV header without the key', async () => {
    const a = build({ path: 'gone', key: 'k' }, new Error('ENOENT: no such file'));
    await a.op.ready();
    expect(() => a.op.onRecord({}, 1, '')).toThrow('ENOENT');
    const b = build({ path: 'h.csv', format: 'csv', key: 'k' }, [['"k,v', '1,2']]);
    await b.op.ready();
    await expect(b.op.close()).rejects.toThrow(/CSV header row of the lookup table "h.csv"/);
    const c = build({ path: 'h.csv', format: 'csv', key: 'k' }, [['id,v', '1,2']]);
    await c.op.ready();
    expect(() => c.op.onWatermark(1)).toThrow(
      'the lookup table "h.csv" has no column "k" (the key)',
    );
  });
});

describe('LookupJoinParams', () => {
  it('fills the defaults', () => {
    expect(LookupJoinParams.parse({ path: 'p.csv', key: 'id' })).toEqual({
      path: 'p.csv',
      format: 'jsonl',
      key: 'id',
      prefix: '',
      missing: 'pass',
    });
  });

  it('reports bad params at their path and refuses unknown ones', () => {
    const paths = (raw: unknown) => {
      const r = LookupJoinParams.safeParse(raw);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ key: 'id' })).toEqual(['path']);
    expect(paths({ path: 'p', key: '' })).toEqual(['key']);
    expect(paths({ path: 'p', key: 'k', format: 'xml' })).toEqual(['format']);
    expect(paths({ path: 'p', key: 'k', missing: 'skip' })).toEqual(['missing']);
    expect(paths({ path: 'p', key: 'k', on: '' })).toEqual(['on']);
    expect(paths({ path: 'p', key: 'k', table: 'x' })).toEqual(['']);
  });

  it('declares path as a file path and gives every field help text', () => {
    expect(joinLookup.pathParams).toEqual(['path']);
    const schema = z.toJSONSchema(LookupJoinParams, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };
    for (const field of ['path', 'format', 'key', 'on', 'prefix', 'missing']) {
      expect(schema.properties[field]?.description, field).toBeTruthy();
    }
  });
});

describe('join.lookup: property test against a brute-force model', () => {
  const key = fc.constantFrom('a', 'b', 'c', 1, 2);
  const row = fc.record({
    k: key,
    v: fc.integer({ min: -5, max: 5 }),
    w: fc.constantFrom('x', 'y'),
  });
  const record = fc.record({ k: fc.option(key, { nil: undefined }), n: fc.nat(9) });

  it('enriches every record from the last row of its key, in order, with each missing policy', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 12 }),
        fc.array(record, { maxLength: 20 }),
        fc.constantFrom('pass', 'drop', 'deadLetter'),
        fc.boolean(),
        async (table, records, missing, earlyArrivals) => {
          const g = gate();
          const t = build(
            { path: 't.jsonl', key: 'k', missing },
            [table.map((r) => JSON.stringify(r))],
            {
              gate: g.promise,
            },
          );
          // Records may arrive before the table is loaded: they wait, in order.
          const half = earlyArrivals ? records.length >> 1 : 0;
          records.slice(0, half).forEach((r, i) => t.op.onRecord(r as Rec, i, ''));
          g.open();
          await t.op.ready();
          records.slice(half).forEach((r, i) => t.op.onRecord(r as Rec, half + i, ''));

          // The model: a map from the key's text to the last row, looked up record by record.
          const last = new Map<string, { v: number; w: string }>();
          for (const r of table) last.set(String(r.k), { v: r.v, w: r.w });
          const expected: Rec[] = [];
          let dead = 0;
          let dropped = 0;
          for (const r of records) {
            const found = r.k === undefined ? undefined : last.get(String(r.k));
            if (found) expected.push({ ...r, ...found } as Rec);
            else if (missing === 'pass') expected.push(r as Rec);
            else if (missing === 'deadLetter') dead++;
            else dropped++;
          }
          expect(rows(t)).toEqual(expected);
          expect(t.deadLetters.length).toBe(dead);
          expect(t.counters.dropped).toBe(dropped);
        },
      ),
      { numRuns: 200 },
    );
  });
});
