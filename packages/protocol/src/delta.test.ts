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

describe('the exposure network in deltas', () => {
  const withNetwork: SimulationSnapshot = {
    ...sampleSnapshot(),
    exposures: [
      { lender: 'BANK_001', borrower: 'BANK_002', amount: 40 },
      { lender: 'FUND_001', borrower: 'BANK_002', amount: 12.5 },
      { lender: 'FUND_001', borrower: 'BANK_001', amount: 8 },
    ],
  };

  it('sends only the claims a default closed, and rebuilds the network exactly', () => {
    const closed: SimulationSnapshot = {
      ...nextStep(withNetwork),
      exposures: [
        {
          lender: 'BANK_001',
          borrower: 'BANK_002',
          amount: 40,
          status: 'written_off',
          closed_at: 43,
          loss: 22.4,
        },
        {
          lender: 'FUND_001',
          borrower: 'BANK_002',
          amount: 12.5,
          status: 'written_off',
          closed_at: 43,
          loss: 7,
        },
        { lender: 'FUND_001', borrower: 'BANK_001', amount: 8 },
      ],
    };
    const delta = diffSnapshots(withNetwork, closed);
    expect(delta.exposures?.map((e) => `${e.lender}>${e.borrower}`)).toEqual([
      'BANK_001>BANK_002',
      'FUND_001>BANK_002',
    ]);
    const rebuilt = applyDelta(withNetwork, delta);
    expect(rebuilt).toEqual(closed);
    expect(rebuilt.exposures?.[2]).toBe(withNetwork.exposures?.[2]);
  });

  it('omits the network from a delta when no claim changed, and keeps the list identity', () => {
    const next = {
      ...nextStep(withNetwork),
      exposures: withNetwork.exposures?.map((e) => ({ ...e })),
    };
    const delta = diffSnapshots(withNetwork, next);
    expect(delta).not.toHaveProperty('exposures');
    expect(applyDelta(withNetwork, delta).exposures).toBe(withNetwork.exposures);
  });

  it('sends the whole network to a base that had none, and none from a snapshot without one', () => {
    const plain = sampleSnapshot();
    const delta = diffSnapshots(plain, { ...nextStep(plain), exposures: withNetwork.exposures });
    expect(delta.exposures).toHaveLength(3);
    expect(applyDelta(plain, delta).exposures).toEqual(withNetwork.exposures);
    expect(diffSnapshots(withNetwork, nextStep(plain))).not.toHaveProperty('exposures');
  });
});
