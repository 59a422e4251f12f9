import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { CONTAGION_THRESHOLD, cascadeTail, GAI_KAPADIA_PAPER, measure } from './experiment.js';
import type { DefaultRule } from './types.js';

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
