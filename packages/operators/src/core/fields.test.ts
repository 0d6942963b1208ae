import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldOf, setField } from './fields.js';
import type { Rec } from './runtime.js';

/** The definition fieldOf stands for. */
const model = (record: Rec, name: string): unknown =>
  Object.hasOwn(record, name) ? (record[name] ?? null) : null;

const PROTO = Object.prototype as Record<string, unknown>;
const names = fc.constantFrom(
  'amount',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__proto__',
  'isPrototypeOf',
  '',
);
const values = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, 0, -0, '', 'x', true, false, NaN, [], {}),
  fc.integer(),
  // The same values Object.prototype holds, as a record's own.
  fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)).map((n) => PROTO[n]),
);

describe('fieldOf', () => {
  it('is the own field or null, for records with Object.prototype or no prototype', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(names, values), { maxLength: 6 }),
        fc.boolean(),
        names,
        (fields, bare, name) => {
          const record = (bare ? Object.create(null) : {}) as Rec;
          for (const [n, v] of fields) setField(record, n, v);
          expect(Object.is(fieldOf(record, name), model(record, name))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('does not take inherited names for fields', () => {
    expect(fieldOf({}, 'constructor')).toBeNull();
    expect(fieldOf({}, '__proto__')).toBeNull();
    expect(fieldOf({ constructor: 'c' }, 'constructor')).toBe('c');
    expect(fieldOf({ toString: Object.prototype.toString }, 'toString')).toBe(
      Object.prototype.toString,
    );
  });
});
