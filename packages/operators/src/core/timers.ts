/**
 * An event-time timer service, as Flink's InternalTimerService: one binary min-heap of
 * (time, key, window) timers per operator, at most one timer per (key, window, time).
 * Operators decide *when* to act by registering timers; `advance` fires the due ones in time
 * order, so the firing loop lives here once and not in every operator.
 */

import type { Key } from './runtime.js';

/** A window as a value: `[start, end)`, its last instant is `end - 1` (Flink's maxTimestamp). */
export interface TimerWindow {
  readonly start: number;
  readonly end: number;
}

/** One registered timer; `index` is its slot in the heap, -1 once removed. */
interface Timer {
  time: number;
  key: Key;
  start: number;
  end: number;
  id: string;
  index: number;
}

/** Called for each due timer, in time order. */
export type TimerCallback = (time: number, key: Key, start: number, end: number) => void;

/**
 * The firing order: by time, then window start, end and key. A total order that depends only
 * on the timers themselves, never on the heap's history, so that an operator restored from a
 * checkpoint fires timers of the same time in exactly the order the original would have.
 */
function before(a: Timer, b: Timer): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.start !== b.start) return a.start < b.start;
  if (a.end !== b.end) return a.end < b.end;
  return a.key < b.key;
}

function timerId(time: number, key: Key, start: number, end: number): string {
  // The key is JSON text or '', so it can go last without escaping.
  return time + ' ' + start + ' ' + end + ' ' + key;
}

export class TimerService {
  private readonly heap: Timer[] = [];
  private readonly byId = new Map<string, Timer>();

  /** Number of pending timers. */
  get size(): number {
    return this.heap.length;
  }

  /** Registers a timer; registering the same (key, window, time) again does nothing. */
  register(time: number, key: Key, window: TimerWindow): void {
    const id = timerId(time, key, window.start, window.end);
    if (this.byId.has(id)) return;
    const timer: Timer = {
      time,
      key,
      start: window.start,
      end: window.end,
      id,
      index: this.heap.length,
    };
    this.byId.set(id, timer);
    this.heap.push(timer);
    this.siftUp(timer.index);
  }

  /** Removes a timer if it is registered; returns whether it was. */
  delete(time: number, key: Key, window: TimerWindow): boolean {
    const timer = this.byId.get(timerId(time, key, window.start, window.end));
    if (timer === undefined) return false;
    this.byId.delete(timer.id);
    this.removeAt(timer.index);
    return true;
  }

  has(time: number, key: Key, window: TimerWindow): boolean {
    return this.byId.has(timerId(time, key, window.start, window.end));
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
      this.byId.delete(top.id);
      this.removeAt(0);
      fire(top.time, top.key, top.start, top.end);
    }
  }

  clear(): void {
    this.heap.length = 0;
    this.byId.clear();
  }

  private removeAt(index: number): void {
    const heap = this.heap;
    const removed = heap[index]!;
    removed.index = -1;
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
