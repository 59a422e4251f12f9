import { describe, expect, it } from 'vitest';
import { applyDelta, diffSnapshots } from './delta.js';
import type { SimulationSnapshot } from './domain.js';
import { sampleSnapshot } from './testing/fixtures.js';

/** The next step of `base`: one bank loses equity, prices move, the rest stays. */
function nextStep(base: SimulationSnapshot): SimulationSnapshot {
  const [first, ...rest] = base.entities;
  return {
    ...base,
    timestep: base.timestep + 1,
    system_health: base.system_health * 0.9,
    prices: { ...base.prices, equities: base.prices.equities * 0.8 },
    entities: [
      { ...first!, equity: first!.equity - 5, assets: { ...first!.assets, equities: 1 } },
      ...rest,
    ],
  };
}

describe('applyDelta and diffSnapshots', () => {
  const base = sampleSnapshot();
  const next = nextStep(base);

  it('rebuild the next snapshot exactly from the base and the field-level diff', () => {
    const delta = diffSnapshots(base, next);
    expect(delta.changed).toHaveLength(1);
    expect(Object.keys(delta.changed[0]!).sort()).toEqual(['assets', 'equity', 'id']);
    const rebuilt = applyDelta(base, delta);
    expect(rebuilt).toEqual(next);
    // Pure: the base is untouched and unchanged entities keep their identity.
    expect(base).toEqual(sampleSnapshot());
    expect(rebuilt.entities[1]).toBe(base.entities[1]);
  });

  it('adds an entity the base lacked, which the diff sends whole', () => {
    const newcomer = { ...base.entities[0]!, id: 'BANK_NEW', name: 'New bank' };
    const grown = { ...next, entities: [...next.entities, newcomer] };
    expect(applyDelta(base, diffSnapshots(base, grown))).toEqual(grown);
  });

  it('throws on a delta based on another timestep, or a partial change of an unknown entity', () => {
    const delta = diffSnapshots(base, next);
    expect(() => applyDelta(next, delta)).toThrow(/based on timestep .* refetch the snapshot/);
    const partial = { ...delta, changed: [{ id: 'GHOST', equity: 1 }] };
    expect(() => applyDelta(base, partial)).toThrow(RangeError);
    expect(() => applyDelta(base, partial)).toThrow(/GHOST/);
  });
});
