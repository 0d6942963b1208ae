/**
 * A 4-ary min-heap of (key, id) pairs in typed arrays (half the levels of a binary heap, and
 * the four children share a cache line): no allocation per push or pop.
 * Equal keys come out by smaller id first, so the order never depends on insertion history.
 */
export class MinHeap {
  private keys: Float64Array;
  private ids: Int32Array;
  size = 0;

  constructor(capacity = 64) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  topKey(): number {
    return this.size === 0 ? Infinity : this.keys[0]!;
  }

  topId(): number {
    return this.ids[0]!;
  }

  push(key: number, id: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const ids = this.ids;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pk = keys[parent]!;
      if (pk < key || (pk === key && ids[parent]! < id)) break;
      keys[i] = pk;
      ids[i] = ids[parent]!;
      i = parent;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** Removes the top and returns its id (the heap must not be empty). */
  pop(): number {
    const top = this.ids[0]!;
    const n = --this.size;
    if (n > 0) this.siftDown(this.keys[n]!, this.ids[n]!);
    return top;
  }

  /** Replaces the top with (key, id): a pop and a push in one sift (the heap must not be empty). */
  replaceTop(key: number, id: number): void {
    this.siftDown(key, id);
  }

  private siftDown(key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const n = this.size;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      const last = first + 4 < n ? first + 4 : n;
      let child = first;
      let ck = keys[first]!;
      for (let c = first + 1; c < last; c++) {
        const k = keys[c]!;
        if (k < ck || (k === ck && ids[c]! < ids[child]!)) {
          child = c;
          ck = k;
        }
      }
      if (key < ck || (key === ck && id < ids[child]!)) break;
      keys[i] = ck;
      ids[i] = ids[child]!;
      i = child;
    }
    keys[i] = key;
    ids[i] = id;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }
}

/**
 * Records waiting for a time (fraud sequences scheduled ahead, records held back to arrive
 * out of order), released smallest key first. Ties break by slot, which depends only on the
 * sequence of pushes and pops, so the order is deterministic.
 */
export class RecordQueue<T> {
  private readonly heap = new MinHeap();
  private readonly slots: (T | undefined)[] = [];
  private readonly free: number[] = [];

  get size(): number {
    return this.heap.size;
  }

  topKey(): number {
    return this.heap.topKey();
  }

  push(key: number, item: T): void {
    const slot = this.free.length > 0 ? this.free.pop()! : this.slots.length;
    this.slots[slot] = item;
    this.heap.push(key, slot);
  }

  /** Removes and returns the record with the smallest key (the queue must not be empty). */
  pop(): T {
    const slot = this.heap.pop();
    const item = this.slots[slot] as T;
    this.slots[slot] = undefined;
    this.free.push(slot);
    return item;
  }
}
