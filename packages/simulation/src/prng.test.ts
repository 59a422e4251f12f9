import { describe, expect, it } from 'vitest';
import { createPrng, deriveSeed } from './prng.js';

describe('createPrng', () => {
  it('repeats the same stream for the same seed and differs across seeds', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs[0]).toBe(0.6011037519201636);
  });

  it('draws uniforms in [0, 1) and normals with mean ≈ 0 and variance ≈ 1', () => {
    const rng = createPrng(deriveSeed(7, 3));
    let sum = 0;
    let sq = 0;
    let min = 1;
    let max = 0;
    const n = 20_000;
    for (let i = 0; i < n; i += 1) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.05);
  });
});
