/**
 * An event-time timer service, as Flink's InternalTimerService: one binary min-heap of
 * (time, key, namespace) timers per operator, at most one timer per (key, namespace, time).
 * Operators decide *when* to act by registering timers; `advance` fires the due ones in time
 * order, so the firing loop lives here once and not in every operator.
 *
 * The namespace is a number the operator chooses (Flink's namespace is the window): a window's
 * start (the windows of one key never share a start), or a kind of timer (pattern's feed and
 * prune, join.interval's left and right).
 *
 * No allocation per registration: timers that fired or were deleted go back to a pool, and the
 * index that finds a timer for `delete` and deduplication is per key a map from time to the
 * timers of that time (a chain, rarely longer than two), whose maps are pooled too.
 */

import type { Key } from './runtime.js';

/** One registered timer; `index` is its slot in the heap. */
interface Timer {
  time: number;
  key: Key;
  ns: number;
  index: number;
  /** The next timer of the same key and time (another namespace), or null. */
  next: Timer | null;
}

/** Called for each due timer, in time order. */
export type TimerCallback = (time: number, key: Key, ns: number) => void;

/**
 * The firing order: by time, then namespace and key. A total order that depends only on the
 * timers themselves, never on the heap's history, so that an operator restored from a
 * checkpoint fires timers of the same time in exactly the order the original would have.
 */
function before(a: Timer, b: Timer): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.ns !== b.ns) return a.ns < b.ns;
  return a.key < b.key;
}

/** Pooled objects kept at most, so that a burst does not pin its memory for the run. */
const POOLED = 4096;

export class TimerService {
  private readonly heap: Timer[] = [];
  /** Per key, per time, the chain of its timers. */
  private readonly index = new Map<Key, Map<number, Timer>>();
  private readonly freeTimers: Timer[] = [];
  private readonly freeMaps: Map<number, Timer>[] = [];

  /** Number of pending timers. */
  get size(): number {
    return this.heap.length;
  }

  /** Registers a timer; registering the same (key, namespace, time) again does nothing. */
  register(time: number, key: Key, ns: number): void {
    let byTime = this.index.get(key);
    let head: Timer | undefined;
    if (byTime === undefined) {
      byTime = this.freeMaps.pop() ?? new Map<number, Timer>();
      this.index.set(key, byTime);
    } else {
      head = byTime.get(time);
      for (let t: Timer | null = head ?? null; t !== null; t = t.next) if (t.ns === ns) return;
    }
    const timer = this.freeTimers.pop() ?? { time: 0, key: '', ns: 0, index: 0, next: null };
    timer.time = time;
    timer.key = key;
    timer.ns = ns;
    timer.next = head ?? null;
    byTime.set(time, timer);
    timer.index = this.heap.length;
    this.heap.push(timer);
    this.siftUp(timer.index);
  }

  /** Removes a timer if it is registered; returns whether it was. */
  delete(time: number, key: Key, ns: number): boolean {
    const timer = this.find(time, key, ns);
    if (timer === undefined) return false;
    this.unindex(timer);
    this.removeAt(timer.index);
    this.recycle(timer);
    return true;
  }

  has(time: number, key: Key, ns: number): boolean {
    return this.find(time, key, ns) !== undefined;
  }

  /** The earliest pending time, or +Infinity when there is none. */
  peekTime(): number {
    const top = this.heap[0];
    return top === undefined ? Infinity : top.time;
  }

  /**
   * Fires, in time order, every timer with `time <= wm`, removing each before its callback
   * runs. A timer the callback registers at a time `<= wm` fires in the same call, as in Flink.
   */
  advance(wm: number, fire: TimerCallback): void {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.time > wm) return;
      this.unindex(top);
      this.removeAt(0);
      const { time, key, ns } = top;
      this.recycle(top);
      fire(time, key, ns);
    }
  }

  clear(): void {
    this.heap.length = 0;
    this.index.clear();
  }

  private find(time: number, key: Key, ns: number): Timer | undefined {
    for (let t: Timer | null = this.index.get(key)?.get(time) ?? null; t !== null; t = t.next) {
      if (t.ns === ns) return t;
    }
    return undefined;
  }

  private unindex(timer: Timer): void {
    const byTime = this.index.get(timer.key)!;
    let head = byTime.get(timer.time)!;
    if (head === timer) {
      if (timer.next === null) byTime.delete(timer.time);
      else byTime.set(timer.time, timer.next);
    } else {
      while (head.next !== timer) head = head.next!;
      head.next = timer.next;
    }
    if (byTime.size === 0) {
      this.index.delete(timer.key);
      if (this.freeMaps.length < POOLED) this.freeMaps.push(byTime);
    }
  }

  private recycle(timer: Timer): void {
    timer.key = '';
    timer.next = null;
    if (this.freeTimers.length < POOLED) this.freeTimers.push(timer);
  }

  private removeAt(index: number): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (index === heap.length) return;
    heap[index] = last;
    last.index = index;
    this.siftUp(index);
    this.siftDown(last.index);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const timer = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(timer, parent)) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = timer;
    timer.index = index;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const n = heap.length;
    const timer = heap[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right]!, heap[left]!)) child = right;
      const smaller = heap[child]!;
      if (!before(smaller, timer)) break;
      heap[index] = smaller;
      smaller.index = index;
      index = child;
    }
    heap[index] = timer;
    timer.index = index;
  }
}
