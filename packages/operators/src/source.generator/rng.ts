import { xoroshiro128plus } from 'pure-rand';
import type { RandomGenerator } from 'pure-rand';

const TWO_POW_MINUS_32 = 2 ** -32;

/**
 * Mixes a seed and a stream number into a well-spread 32-bit seed (the murmur3 finaliser).
 * pure-rand's xoroshiro128plus puts its seed into the state almost as is, so seeds 1 and 2
 * would otherwise start with visibly related outputs.
 */
function mixSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * A seeded, mutable PRNG over pure-rand's xoroshiro128+ (its `unsafeNext`, no allocation per
 * draw). A scenario uses separate streams (say one to build its world, one for events), so
 * the hidden world can be rebuilt from the seed alone for evaluation.
 */
export class Rng {
  private readonly gen: RandomGenerator;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number, stream = 0) {
    this.gen = xoroshiro128plus(mixSeed(seed, stream));
    for (let i = 0; i < 16; i++) this.gen.unsafeNext();
  }

  /** Uniform in [0, 1) with 32 bits of resolution: plenty for simulation, one draw each. */
  float(): number {
    return (this.gen.unsafeNext() >>> 0) * TWO_POW_MINUS_32;
  }

  /** Uniform integer in [0, n); the bias for n far below 2^32 is negligible. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Exponentially distributed with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Standard normal, by Box–Muller (the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u = 1 - this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  /** e^(mu + sigma·N(0,1)): log-normal. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** Index of the first cumulative weight above `u` in `cum[from, to)` (binary search). */
export function searchCdf(cum: Float64Array, from: number, to: number, u: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
