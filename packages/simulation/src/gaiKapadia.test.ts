import { describe, expect, it } from 'vitest';
import { GAI_KAPADIA_PAPER, measure } from './experiment.js';

/**
 * The paper's contagion window, reproduced through the public engine (`createEngine` with the
 * `gai-kapadia` preset; `measure` uses nothing else). 100 networks per z: the standard error of
 * a frequency near 0.7 is then ≈ 0.046, so ±0.1 is more than two of them, and the seeds are fixed
 * (1…100), so the result is the same on every run. ≈ 4 s of CPU per z.
 */
const RUNS = 100;
const TIMEOUT_MS = 180_000;

function paper(z: number): readonly [number, number] {
  const range = GAI_KAPADIA_PAPER.find((p) => p.z === z)?.frequency;
  if (!range) throw new Error(`no paper value at z = ${z}`);
  return range;
}

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
    'z = 1, the lower edge: contagion is rare and small (a known departure: the paper reads 0.25)',
    () => {
      // z = 1 is the critical point of the vulnerable banks' network: a cascade reaches 5 % of
      // 1,000 banks in about one network in ten here (0.11 over these seeds, 0.08 over 300).
      // The paper's figure reads ≈ 0.25; the model README lists this departure. What must hold
      // is the edge itself: contagion is possible, far rarer than inside the window, and small.
      const point = measure(1, RUNS);
      expect(point.frequency).toBeGreaterThan(0);
      expect(point.frequency).toBeLessThan(paper(1)[1]);
      expect(point.conditionalExtent).toBeLessThan(0.5);
    },
    TIMEOUT_MS,
  );
});
