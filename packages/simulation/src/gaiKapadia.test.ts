import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { cascadeTail, finiteCascadeChance } from './cascadeTheory.js';
import { CONTAGION_THRESHOLD, GAI_KAPADIA_PAPER, measure } from './experiment.js';
import type { DefaultRule } from './types.js';

/**
 * The paper's contagion window, reproduced through the public engine (`createEngine` with the
 * `gai-kapadia` preset; `measure` uses nothing else). 100 networks per z (200 at z = 1), seeds
 * 1, 2, …, so the result is the same on every run. The standard error of a frequency f over N
 * runs is √(f (1 − f) / N): ≤ 0.05 at N = 100 for any f, ≈ 0.046 near 0.7 and ≈ 0.03 near 0.1,
 * so ±0.1 is two standard errors or more. ≈ 4 s of CPU per 100 networks on an idle core.
 */
const RUNS = 100;
/** z = 1 sits at a critical point, where a frequency near 0.09 needs more runs to pin down. */
const RUNS_AT_1 = 200;
const BANKS = 1000;
const TIMEOUT_MS = 300_000;

function paper(z: number): readonly [number, number] {
  const range = GAI_KAPADIA_PAPER.find((p) => p.z === z)?.frequency;
  if (!range) throw new Error(`no paper value at z = ${z}`);
  return range;
}

const standardError = (f: number, n: number) => Math.sqrt((f * (1 - f)) / n);

/**
 * The paper's cascade, written out on its own (no clearing, no balance sheets): a bank with j
 * loans loses 1/j of its interbank assets (20 % of its size, against 4 % of capital) for each
 * borrower that fails, so it fails once 5 × (failed borrowers) > j — or ≥ j when a loss equal
 * to capital fails it. Integers, so a tie is a tie.
 */
function referenceCascade(
  loans: ReadonlyArray<{ from: string; to: string }>,
  trigger: string,
  rule: DefaultRule,
): Set<string> {
  const lendersOf = new Map<string, string[]>();
  const loanCount = new Map<string, number>();
  for (const { from, to } of loans) {
    lendersOf.set(to, [...(lendersOf.get(to) ?? []), from]);
    loanCount.set(from, (loanCount.get(from) ?? 0) + 1);
  }
  const failed = new Set([trigger]);
  const hits = new Map<string, number>();
  const queue = [trigger];
  while (queue.length > 0) {
    for (const lender of lendersOf.get(queue.pop()!) ?? []) {
      if (failed.has(lender)) continue;
      const h = (hits.get(lender) ?? 0) + 1;
      hits.set(lender, h);
      const j = loanCount.get(lender)!;
      if (rule === 'capital-exhausted' ? 5 * h >= j : 5 * h > j) {
        failed.add(lender);
        queue.push(lender);
      }
    }
  }
  return failed;
}

describe('the engine’s cascade is the paper’s model, network by network', () => {
  it(
    'fails exactly the banks a plain threshold cascade fails, under either tie rule',
    () => {
      for (const rule of ['loss-exceeds-capital', 'capital-exhausted'] as const)
        for (const z of [1, 4, 6])
          for (let seed = 1; seed <= 6; seed += 1) {
            const engine = createEngine({
              simulationId: 'ref',
              preset: 'gai-kapadia',
              meanDegree: z,
              seed,
              defaultAt: rule,
            });
            const loans = engine.exposures();
            const events = engine.step();
            const shock = events.find((e) => e.type === 'shock_applied');
            if (shock?.type !== 'shock_applied') throw new Error('no trigger');
            const failed = events.flatMap((e) =>
              e.type === 'entity_default' ? [e.data.entity_id] : [],
            );
            const expected = referenceCascade(loans, shock.data.target, rule);
            expect(new Set(failed)).toEqual(expected);
          }
    },
    TIMEOUT_MS,
  );
});

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
    'z = 1, the lower edge: as often as the critical cascade of this set-up allows (the paper reads 0.25)',
    () => {
      // At z = 1 a failed bank has Binomial(999, 1/999) ≈ Poisson(1) lenders and 98 % of them fail
      // at the first hit: the cascade is a (just subcritical) branching process, and the chance
      // that it reaches 5 % of the banks is computed exactly, inside the finite network, by
      // `finiteCascadeChance` (0.085; the infinite-network Borel bound is 0.113). The paper's
      // ≈ 0.25 lies above both; the README derives why no reading of its set-up reaches it.
      // Tolerance: 3 standard errors of a frequency over RUNS_AT_1 networks, plus 0.005 for the
      // banks the derivation leaves out (those that fail only at a second hit: +0.001 — the plain
      // threshold cascade gives 0.0863 ± 0.0006 over 200,000 networks). So the engine must land
      // in ≈ 0.02–0.15, and a cascade that reaches 5 % stays small (the network is critical).
      const derived = finiteCascadeChance(1, BANKS, CONTAGION_THRESHOLD * BANKS, 4);
      expect(derived).toBeCloseTo(0.085, 3);
      expect(derived).toBeLessThan(cascadeTail(1, CONTAGION_THRESHOLD * BANKS));
      const point = measure(1, RUNS_AT_1, 1, BANKS);
      const tolerance = 3 * standardError(derived, RUNS_AT_1) + 0.005;
      expect(Math.abs(point.frequency - derived)).toBeLessThanOrEqual(tolerance);
      expect(point.conditionalExtent).toBeLessThan(0.3);
    },
    2 * TIMEOUT_MS, // twice the runs of the others
  );
});
