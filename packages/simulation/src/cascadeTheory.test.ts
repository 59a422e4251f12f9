import { describe, expect, it } from 'vitest';
import { cascadeTail, finiteCascadeChance, vulnerableShare } from './cascadeTheory.js';

const poissonAtMost = (mean: number, k: number) => {
  let term = Math.exp(-mean);
  let sum = term;
  for (let i = 1; i <= k; i += 1) {
    term *= mean / i;
    sum += term;
  }
  return sum;
};

describe('the branching-process numbers behind the z = 1 reading', () => {
  it('a lender of a failed bank is vulnerable with P(Poisson(z) ≤ J − 1) (binomial ≈ Poisson)', () => {
    expect(vulnerableShare(1, 1000, 4)).toBeCloseTo(poissonAtMost(1, 3), 3); // 0.981
    expect(vulnerableShare(4, 1000, 4)).toBeCloseTo(poissonAtMost(4, 3), 3); // 0.433
    expect(vulnerableShare(1, 1000, 5)).toBeCloseTo(poissonAtMost(1, 4), 3); // 0.996
  });

  it('the Borel tail of a critical cascade: P(T ≥ 2) = 1 − e⁻¹, P(T ≥ 50) ≈ 0.113', () => {
    expect(cascadeTail(1, 2)).toBeCloseTo(1 - Math.exp(-1), 10);
    expect(cascadeTail(1, 50)).toBeCloseTo(0.1133, 4);
  });

  it('reaching 2 failures is the trigger having at least one vulnerable lender', () => {
    const p = 1 / 999;
    const q = vulnerableShare(1, 1000, 4);
    expect(finiteCascadeChance(1, 1000, 2, 4)).toBeCloseTo(1 - (1 - p * q) ** 999, 10);
  });

  it('tends to the infinite branching process as the network grows, and stays below it', () => {
    const q = vulnerableShare(1, 1_000_000, 4);
    const infinite = cascadeTail(q, 50);
    expect(finiteCascadeChance(1, 1_000_000, 50, 4)).toBeCloseTo(infinite, 3);
    expect(finiteCascadeChance(1, 1000, 50, 4)).toBeLessThan(infinite);
    expect(finiteCascadeChance(1, 1000, 50, 4)).toBeCloseTo(0.0852, 4);
  });
});
