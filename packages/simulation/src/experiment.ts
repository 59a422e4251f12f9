import { createEngine } from './index.js';
import type { DefaultRule } from './types.js';

/** What the paper reports at one mean degree (Gai & Kapadia 2010, Fig. 3, 1,000 networks each). */
export interface PaperPoint {
  z: number;
  /** Frequency of contagion as read off the figure: a value or a range; null when not read. */
  frequency: readonly [number, number] | null;
}

/**
 * Gai & Kapadia's contagion window (frequency of contagion, ≥ 5 % of banks failing, after one
 * random bank fails), as read off the paper's Figure 3: ≈ 0 at z = 0.5, ≈ 0.25 at 1, 0.67–0.76
 * over 2–4, 0.36–0.38 over 5–6, ≈ 0.21 at 7, ≈ 0.08 at 8 and 0 from 10; the extent of contagion
 * when it happens is ≈ 1 inside the window.
 */
export const GAI_KAPADIA_PAPER: readonly PaperPoint[] = [
  { z: 0.5, frequency: [0, 0] },
  { z: 1, frequency: [0.25, 0.25] },
  { z: 2, frequency: [0.67, 0.76] },
  { z: 3, frequency: [0.67, 0.76] },
  { z: 4, frequency: [0.67, 0.76] },
  { z: 5, frequency: [0.36, 0.38] },
  { z: 6, frequency: [0.36, 0.38] },
  { z: 7, frequency: [0.21, 0.21] },
  { z: 8, frequency: [0.08, 0.08] },
  { z: 9, frequency: null },
  { z: 10, frequency: [0, 0] },
  { z: 12, frequency: [0, 0] },
  { z: 15, frequency: [0, 0] },
];

/** Share of the banks that must fail for a run to count as contagion (the paper's 5 %). */
export const CONTAGION_THRESHOLD = 0.05;

/** One network at one mean degree: how many of its banks failed after the trigger. */
export interface Trial {
  z: number;
  seed: number;
  banks: number;
  defaults: number;
}

/**
 * Run one `gai-kapadia` network through the public engine: create it with mean degree `z`,
 * step once (the random bank fails and the whole cascade clears in that step) and count the
 * `entity_default` events.
 *
 * @example
 * runTrial(4, 17).defaults; // e.g. 993 of 1,000 banks
 */
export function runTrial(z: number, seed: number, banks = 1000, rule?: DefaultRule): Trial {
  const engine = createEngine({
    simulationId: `gai-kapadia-z${z}-s${seed}`,
    preset: 'gai-kapadia',
    meanDegree: z,
    banks,
    seed,
    ...(rule ? { defaultAt: rule } : {}),
  });
  const defaults = engine.step().filter((e) => e.type === 'entity_default').length;
  return { z, seed, banks, defaults };
}

/** Frequency of contagion and its extent (share of banks failed) when it happens, at one z. */
export interface SweepPoint {
  z: number;
  runs: number;
  contagions: number;
  frequency: number;
  /** Mean share of banks failed over the runs with contagion; null when there was none. */
  conditionalExtent: number | null;
}

/**
 * Summarize trials at one mean degree.
 *
 * @example
 * summarize(4, trials).frequency; // share of trials with ≥ 5 % of banks failed
 */
export function summarize(z: number, trials: readonly Trial[]): SweepPoint {
  const hits = trials.filter((t) => t.defaults >= CONTAGION_THRESHOLD * t.banks);
  const extent = hits.reduce((sum, t) => sum + t.defaults / t.banks, 0);
  return {
    z,
    runs: trials.length,
    contagions: hits.length,
    frequency: trials.length > 0 ? hits.length / trials.length : 0,
    conditionalExtent: hits.length > 0 ? extent / hits.length : null,
  };
}

/**
 * Frequency and conditional extent of contagion at mean degree `z` over `runs` networks (seeds
 * `firstSeed`, `firstSeed + 1`, …: deterministic, and the same seeds at every z). `rule` overrides
 * the preset's `defaultAt` (the experiment runs both).
 *
 * @example
 * measure(4, 100).frequency; // ≈ 0.7
 * measure(4, 100, 1, 1000, 'capital-exhausted').frequency; // ≈ 0.9: ties fail too
 */
export function measure(
  z: number,
  runs: number,
  firstSeed = 1,
  banks = 1000,
  rule?: DefaultRule,
): SweepPoint {
  const trials: Trial[] = [];
  for (let i = 0; i < runs; i += 1) trials.push(runTrial(z, firstSeed + i, banks, rule));
  return summarize(z, trials);
}
