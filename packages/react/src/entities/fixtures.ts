import type { SimulationSnapshot } from '@simstream/protocol';
import { createEngine } from '@simstream/simulation';

/**
 * A real engine's snapshot for stories: the default market (seed 3) after a real-estate crash
 * of `crash` (none when 0) and `steps` steps. Same arguments, same picture.
 */
export function engineSnapshot(crash: number, steps: number): SimulationSnapshot {
  const engine = createEngine({ simulationId: 'grid', seed: 3 });
  if (crash !== 0)
    engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: crash });
  for (let i = 0; i < steps; i += 1) engine.step();
  return engine.snapshot();
}
