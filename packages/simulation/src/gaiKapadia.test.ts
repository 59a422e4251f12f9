import { describe, expect, it } from 'vitest';
import { CONTAGION_THRESHOLD, cascadeTail, GAI_KAPADIA_PAPER, measure } from './experiment.js';

/**
 * The paper's contagion window, reproduced through the public engine (`createEngine` with the
 * `gai-kapadia` preset; `measure` uses nothing else). 100 networks per z, seeds 1…100, so the
 * result is the same on every run. The standard error of a frequency f over N runs is
 * √(f (1 − f) / N): ≤ 0.05 at N = 100 for any f, ≈ 0.046 near 0.7 and ≈ 0.03 near 0.1, so ±0.1
 * is two standard errors or more. ≈ 4 s of CPU per z on an idle core.
 */
const RUNS = 100;
const BANKS = 1000;
const TIMEOUT_MS = 300_000;

function paper(z: number): readonly [number, number] {
  const range = GAI_KAPADIA_PAPER.find((p) => p.z === z)?.frequency;
  if (!range) throw new Error(`no paper value at z = ${z}`);
  return range;
}

const standardError = (f: number, n: number) => Math.sqrt((f * (1 - f)) / n);

describe('gai-kapadia preset reproduces the paper’s contagion window (1,000 banks)', () => {
  it(
    'z = 4, inside the window: contagion in most networks, and it takes nearly the whole system',
    () => {
      const point = measure(4, RUNS);
      const [lo, hi] = paper(4);
      expect(point.frequency).toBeGreaterThanOrEqual(lo - 0.1);
      expect(point.frequency).toBeLessThanOrEqual(hi + 0.1);
      expect(point.conditionalExtent).toBeGreaterThan(0.9);
    },
    TIMEOUT_MS,
  );

  it(
    'z = 8, the upper edge: contagion is rare, but when it happens it is systemic',
    () => {
      const point = measure(8, RUNS);
      const [lo, hi] = paper(8);
      expect(point.frequency).toBeGreaterThanOrEqual(Math.max(0, lo - 0.1));
      expect(point.frequency).toBeLessThanOrEqual(hi + 0.1);
      if (point.conditionalExtent !== null) expect(point.conditionalExtent).toBeGreaterThan(0.9);
    },
    TIMEOUT_MS,
  );

  it(
    'z = 1, the lower edge: as often as a critical cascade allows, and small (the paper reads 0.25)',
    () => {
      // At z = 1 a failed bank has on average one lender and nearly every lender is vulnerable:
      // the cascade is a critical branching process, and the chance that it reaches 5 % of the
      // banks is at most the Borel tail P(T ≥ 50) ≈ 0.113 under any default rule (finite size
      // only lowers it). The paper's ≈ 0.25 lies above that bound; the README explains the
      // departure. What is checked: contagion happens, no more often than the bound allows (two
      // standard errors over it), and such a cascade stays small (a fraction of the system).
      const bound = cascadeTail(1, CONTAGION_THRESHOLD * BANKS);
      expect(bound).toBeCloseTo(0.113, 3);
      const point = measure(1, RUNS, 1, BANKS);
      expect(point.frequency).toBeGreaterThan(0);
      expect(point.frequency).toBeLessThanOrEqual(bound + 2 * standardError(bound, RUNS));
      expect(point.conditionalExtent).toBeLessThan(0.5);
    },
    TIMEOUT_MS,
  );
});
