/**
 * Window assignment as pure functions, as Flink's WindowAssigners with offset 0 (spec §5).
 * A window is the value `[start, end)`; its last instant is `end - 1` (Flink's maxTimestamp).
 */

export interface Window {
  readonly start: number;
  readonly end: number;
}

export function maxTimestamp(window: Window): number {
  return window.end - 1;
}

/** The non-negative remainder, so that negative times fall in the window below them. */
export function mod(t: number, n: number): number {
  const r = t % n;
  if (r < 0) return r + n;
  return r === 0 ? 0 : r; // never -0 (-10 % 5 is -0)
}

/** Start of the tumbling window of `size` that holds `t`. */
export function tumblingStart(t: number, size: number): number {
  return t - mod(t, size);
}

export function tumbling(t: number, size: number): Window {
  const start = tumblingStart(t, size);
  return { start, end: start + size };
}

/** Start of the latest sliding window that holds `t`; the others start `slide` apart below it. */
export function lastSlidingStart(t: number, slide: number): number {
  return t - mod(t, slide);
}

/**
 * How many sliding windows hold `t`: they start at `lastSlidingStart(t, slide) - i * slide` for
 * `i < count` (none when `slide > size` leaves `t` in a gap). Operators walk them with this and
 * `lastSlidingStart`, allocating nothing; tumbling is `slide = size`, one window.
 */
export function slidingCount(
  t: number,
  size: number,
  slide: number,
  last: number = lastSlidingStart(t, slide),
): number {
  if (slide === size) return 1;
  const count = Math.ceil((last - t + size) / slide);
  return count > 0 ? count : 0;
}

/** Every `[s, s + size)` with `s` a multiple of `slide` and `s <= t < s + size`, latest first. */
export function sliding(t: number, size: number, slide: number): Window[] {
  const windows: Window[] = [];
  const last = lastSlidingStart(t, slide);
  const count = slidingCount(t, size, slide, last);
  for (let i = 0; i < count; i++) {
    const start = last - i * slide;
    windows.push({ start, end: start + size });
  }
  return windows;
}

/** The window a record opens before merging. */
export function session(t: number, gap: number): Window {
  return { start: t, end: t + gap };
}

/** Flink's TimeWindow.intersects: windows that overlap or touch merge. */
export function overlapsOrTouches(a: Window, b: Window): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Flink's MergingWindowAssigner result: `[min start, max end)`. */
export function cover(a: Window, b: Window): Window {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/**
 * Merges a set of windows as Flink's TimeWindow.mergeWindows: sorted by start, each window
 * that overlaps or touches the running cover joins it. Returns disjoint, non-touching windows.
 */
export function mergeWindows(windows: readonly Window[]): Window[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const merged: Window[] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && overlapsOrTouches(last, w)) {
      merged[merged.length - 1] = cover(last, w);
    } else {
      merged.push({ start: w.start, end: w.end });
    }
  }
  return merged;
}
