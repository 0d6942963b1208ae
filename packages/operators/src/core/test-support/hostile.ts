/** Hostile input for tests that bound the work an operator does on it, and a clock to time it. */

// The package is typed for Node and the browser alike (no DOM or Node types): both have this.
const clock = (globalThis as unknown as { performance: { now(): number } }).performance;

/** Milliseconds `f` takes, the best of `runs` (a loaded machine slows some runs down). */
export function bestOf(f: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = clock.now();
    f();
    best = Math.min(best, clock.now() - start);
  }
  return best;
}

const digits = (n: number) => '7'.repeat(n);

/**
 * Number-like text that made the old decimal regular expressions backtrack (100,000 digits and
 * a character that fails them took over half a minute), with what toNumber gives for each.
 */
export const LONG_NUMBERS: { name: string; text: string; value: number | null }[] = [
  { name: '100,000 digits', text: digits(100_000), value: null }, // Infinity: null
  { name: '100,000 digits and a bad character', text: `${digits(100_000)}x`, value: null },
  {
    name: '100,000 digits, a point, 100,000 digits and a bad character',
    text: `${digits(100_000)}.${digits(100_000)}x`,
    value: null,
  },
  { name: '"0." and 100,000 digits', text: `0.${digits(100_000)}`, value: 0.7777777777777778 },
  { name: '"1e" and 100,000 digits', text: `1e${digits(100_000)}`, value: null },
  { name: '"1e-" and 100,000 digits', text: `1e-${digits(100_000)}`, value: 0 },
  {
    name: '"1e" and 100,000 digits and a bad character',
    text: `1e${digits(100_000)}x`,
    value: null,
  },
  { name: '"." and 100,000 digits and "e"', text: `.${digits(100_000)}e`, value: null },
  { name: '100,000 points', text: '.'.repeat(100_000), value: null },
  { name: '100,000 minus signs', text: '-'.repeat(100_000), value: null },
];
