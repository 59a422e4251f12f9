import type { AssetClass } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';

const MAGNITUDES = [-0.05, -0.1, -0.15, -0.2, -0.25, -0.3, -0.4, -0.5, -0.7, -0.9];

/** Defaults in the crash step and the `horizon − 1` steps after it, on a fixed seed and network. */
function defaultsAfterCrash(
  seed: number,
  target: AssetClass,
  magnitude: number,
  horizon: number,
): number {
  const engine = createEngine({ simulationId: 'mono', seed });
  for (let i = 0; i < 5; i += 1) engine.step();
  engine.applyShock({ shock_type: 'asset_price_crash', target, magnitude });
  let defaults = 0;
  for (let i = 0; i < horizon; i += 1)
    defaults += engine.step().filter((e) => e.type === 'entity_default').length;
  return defaults;
}

describe('asset_price_crash monotonicity', () => {
  for (const target of ['real_estate', 'equities', 'corporate_loans'] as const) {
    it(`never produces fewer defaults for a larger ${target} crash on the same network`, () => {
      for (const seed of [1, 2, 3]) {
        for (const horizon of [1, 20]) {
          const counts = MAGNITUDES.map((m) => defaultsAfterCrash(seed, target, m, horizon));
          for (let k = 1; k < counts.length; k += 1) {
            expect(
              counts[k],
              `seed ${seed}, horizon ${horizon}: ${counts.join(',')}`,
            ).toBeGreaterThanOrEqual(counts[k - 1]!);
          }
          // The range spans calm to crisis, so the check is not vacuous.
          if (horizon === 20) {
            expect(counts[0]).toBe(0);
            expect(counts.at(-1)).toBeGreaterThan(0);
          }
        }
      }
    });
  }
});

describe('shocks on defaulted entities', () => {
  it('refuses a deposit_run or credit_loss on a defaulted entity, and still takes system shocks', () => {
    const engine = createEngine({ simulationId: 'dead', seed: 1 });
    engine.step();
    expect(
      engine.applyShock({ shock_type: 'credit_loss', target: 'BANK_002', magnitude: 1 }),
    ).toEqual({ ok: true });
    const defaults = engine.step().filter((e) => e.type === 'entity_default');
    expect(defaults.map((e) => e.type === 'entity_default' && e.data.entity_id)).toContain(
      'BANK_002',
    );
    const message = 'BANK_002 has defaulted; shocks can target only entities still alive';
    expect(
      engine.applyShock({ shock_type: 'deposit_run', target: 'BANK_002', magnitude: 0.3 }),
    ).toEqual({ ok: false, message });
    expect(
      engine.applyShock({ shock_type: 'credit_loss', target: 'BANK_002', magnitude: 0.3 }),
    ).toEqual({ ok: false, message });
    // Nothing was queued: the next step announces no shock.
    expect(engine.step().some((e) => e.type === 'shock_applied')).toBe(false);
    expect(
      engine.applyShock({ shock_type: 'credit_loss', target: 'system', magnitude: 0.01 }),
    ).toEqual({ ok: true });
  });
});
