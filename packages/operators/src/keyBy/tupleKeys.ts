import { keyOf } from '../core/keys.js';
import type { Key, Rec } from '../core/runtime.js';

/** A trie of key values, one level per field; the last level holds the keys. */
type Trie = Map<unknown, Trie | Key>;

/** The limits of core's KeyMaker, for the same reasons: entries per generation, string length. */
const INTERNED = 50_000;
const INTERNED_LENGTH = 64;

/** A key value that is interned: null (a missing field too), a number, a boolean, short text. */
function internable(value: unknown): boolean {
  const type = typeof value;
  return (
    value === null ||
    type === 'number' ||
    type === 'boolean' ||
    (type === 'string' && (value as string).length <= INTERNED_LENGTH)
  );
}

/**
 * KeyMaker's interning for a key of several fields: the key of values seen lately is the same
 * string, made once, found through one small map per field, so that a record costs no array
 * and no JSON text, and the Maps downstream hash the string once. The text is `keyOf`'s
 * exactly (tested against it), so checkpoints, snapshots and a run without it agree. Bounded by
 * two generations, as KeyMaker: when the young trie holds `capacity` keys it becomes the old
 * one, whose keys are taken over as they are met again, and the old one is dropped.
 */
export class TupleKeyMaker {
  private young: Trie = new Map();
  private old: Trie = new Map();
  private youngKeys = 0;
  private oldKeys = 0;
  private readonly values: unknown[];

  constructor(
    private readonly fields: readonly string[],
    private readonly capacity = INTERNED,
  ) {
    if (fields.length < 2) throw new Error('TupleKeyMaker is for keys of two fields or more');
    this.values = new Array<unknown>(fields.length).fill(null);
  }

  keyOf(record: Rec): Key {
    const { fields, values } = this;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const value = Object.hasOwn(record, field) ? (record[field] ?? null) : null;
      if (!internable(value)) return keyOf(record, fields);
      values[i] = value;
    }
    const known = find(this.young, values);
    if (known !== undefined) return known;
    const key = find(this.old, values) ?? keyOf(record, fields);
    if (this.youngKeys >= this.capacity) {
      this.old = this.young;
      this.oldKeys = this.youngKeys;
      this.young = new Map();
      this.youngKeys = 0;
    }
    insert(this.young, values, key);
    this.youngKeys++;
    return key;
  }

  /** Keys held, both generations: at most twice the capacity. */
  get size(): number {
    return this.youngKeys + this.oldKeys;
  }
}

function find(trie: Trie, values: readonly unknown[]): Key | undefined {
  let node: Trie | Key | undefined = trie;
  for (let i = 0; i < values.length && node !== undefined; i++)
    node = (node as Trie).get(values[i]);
  return node as Key | undefined;
}

function insert(trie: Trie, values: readonly unknown[], key: Key): void {
  let node = trie;
  const last = values.length - 1;
  for (let i = 0; i < last; i++) {
    let next = node.get(values[i]) as Trie | undefined;
    if (next === undefined) node.set(values[i], (next = new Map()));
    node = next;
  }
  node.set(values[last], key);
}
