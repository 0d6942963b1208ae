import { describe, expect, it } from 'vitest';
import { Rng, searchCdf } from './rng.js';

describe('Rng', () => {
  it('repeats a seed and separates seeds and streams', () => {
    const draw = (seed: number, stream: number) => {
      const rng = new Rng(seed, stream);
      return Array.from({ length: 8 }, () => rng.float());
    };
    expect(draw(1, 0)).toEqual(draw(1, 0));
    expect(draw(1, 0)).not.toEqual(draw(2, 0));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
  });

  it('draws uniform floats, exponentials and normals with the right moments', () => {
    const rng = new Rng(7);
    const n = 200_000;
    let sumU = 0;
    let sumE = 0;
    let sumN = 0;
    let sumN2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.float();
      if (u < 0 || u >= 1) outside++;
      sumU += u;
      sumE += rng.exp(5);
      const z = rng.normal();
      sumN += z;
      sumN2 += z * z;
    }
    expect(outside).toBe(0);
    expect(sumU / n).toBeCloseTo(0.5, 2);
    expect(sumE / n).toBeGreaterThan(4.9);
    expect(sumE / n).toBeLessThan(5.1);
    expect(Math.abs(sumN / n)).toBeLessThan(0.01);
    expect(sumN2 / n).toBeCloseTo(1, 1);
  });

  it('searches a cumulative distribution', () => {
    const cum = Float64Array.from([1, 3, 6, 10]);
    expect([0, 0.99, 1, 2.5, 3, 5.9, 6, 9.99].map((u) => searchCdf(cum, 0, 4, u))).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3,
    ]);
  });
});
