import type { SimulationRuntime, SubscriberView } from '@simstream/hub';
import type { Envelope, ShockInput } from '@simstream/protocol';

/** Simulation the fan-out benchmarks run: small enough that a full step is ~2.6 KB JSON. */
export const FANOUT_SIMULATION = { banks: 6, funds: 1, seed: 7, autoStart: false } as const;

/** Events per realistic tick: four shocks plus the step. */
export const EVENTS_PER_TICK = 5;

/** The view every fan-out subscriber uses (the kit's default: compact steps between keyframes). */
export const FANOUT_VIEW: SubscriberView = { types: null, steps: 'compact' };

const SHOCKS: readonly ShockInput[] = (
  ['equities', 'real_estate', 'sovereign_bonds', 'corporate_loans'] as const
).map((target) => ({ shock_type: 'asset_price_crash', target, magnitude: -1e-9 }));

/**
 * Advance a runtime by one realistic tick through its public API: queue four tiny shocks,
 * then step — the engine emits four `shock_applied` and a `simulation_step` (plus the odd
 * decision), all delivered to listeners as one tick. Resets the simulation when it finishes.
 *
 * @example
 * const events = realisticTick(runtime); // ~5 envelopes
 */
export function realisticTick(runtime: SimulationRuntime): readonly Envelope[] {
  for (const shock of SHOCKS) runtime.applyShock(shock);
  const events = runtime.stepNow();
  // The system collapses after a few hundred steps; start over so every tick stays alike.
  const finished = events.some(
    (e) => e.type === 'simulation_status' && e.data.status === 'finished',
  );
  if (finished) runtime.reset();
  return events;
}
