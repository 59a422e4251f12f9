import { describe, expect, it } from 'vitest';
import { clearingVector } from './clearing.js';
import { createEngine } from './engine.js';
import { MODEL_PRESETS } from './presets.js';

const gk = (overrides: Record<string, unknown> = {}) =>
  createEngine({ simulationId: 'gk', preset: 'gai-kapadia', seed: 13, ...overrides });

describe('model presets', () => {
  it('starts the default preset from DEFAULT_ENGINE_CONFIG (25 banks, 5 funds, drawn network)', () => {
    const engine = createEngine({ simulationId: 'd', preset: 'default' });
    expect(engine.config).toMatchObject({
      banks: 25,
      funds: 5,
      network: 'scaled',
      decisions: true,
    });
    expect(JSON.stringify(engine.snapshot())).toBe(
      JSON.stringify(createEngine({ simulationId: 'd' }).snapshot()),
    );
  });

  it('builds Gai–Kapadia balance sheets: 1,000 identical banks, 4 % capital, 20 % interbank', () => {
    const engine = gk({ meanDegree: 4 });
    const snapshot = engine.snapshot();
    expect(snapshot.entities).toHaveLength(1000);
    expect(snapshot.entities.at(-1)!.id).toBe('BANK_1000');
    const lenders = snapshot.entities.filter((e) => e.interbank_assets > 0);
    for (const e of lenders) {
      const assets = e.assets.corporate_loans + e.assets.sovereign_bonds + e.interbank_assets;
      // Capital is 4 % and interbank assets 20 % of the bank's nominal size (1,000M).
      expect(e.equity).toBeCloseTo(40, 1);
      expect(e.interbank_assets).toBeCloseTo(200, 1);
      expect(e.deposits).toBeGreaterThanOrEqual(0);
      expect(assets).toBeCloseTo(e.deposits + e.interbank_liabilities + e.equity, 1);
    }
    // Mean degree ≈ 4: about 4,000 loans, each an even share of its lender's interbank assets.
    const loans = engine.exposures();
    expect(loans.length).toBeGreaterThan(3700);
    expect(loans.length).toBeLessThan(4300);
    const perLender = new Map<string, number[]>();
    for (const x of loans) perLender.set(x.from, [...(perLender.get(x.from) ?? []), x.amount]);
    for (const amounts of perLender.values())
      for (const a of amounts) expect(a).toBeCloseTo(200 / amounts.length, 1);
  });

  it('fails one seeded random bank at timestep 1 and clears the cascade with zero recovery', () => {
    const engine = gk({ meanDegree: 4 });
    const events = engine.step();
    const shock = events.find((e) => e.type === 'shock_applied');
    expect(shock?.data).toMatchObject({ shock_type: 'credit_loss', magnitude: 1, timestep: 1 });
    const defaults = events.filter((e) => e.type === 'entity_default');
    expect(defaults.length).toBeGreaterThan(900);
    // The trigger bank fails on its own books; every other failure is contagion.
    for (const d of defaults)
      expect(d.data).toMatchObject({
        cause: d.data.entity_id === shock?.data.target ? 'insolvency' : 'contagion',
      });
    // Zero recovery: creditors of every failed bank lose every claim on it.
    const owedTo = new Map<string, number>();
    for (const x of gk({ meanDegree: 4 }).exposures())
      owedTo.set(x.to, (owedTo.get(x.to) ?? 0) + x.amount);
    for (const d of defaults) {
      if (d.type !== 'entity_default') continue;
      expect(d.data.creditor_losses).toBeCloseTo(owedTo.get(d.data.entity_id) ?? 0, 0);
    }
    // No market dynamics and no decisions: nothing happens after the cascade.
    const later = engine.step();
    expect(later.map((e) => e.type)).toEqual(['simulation_step']);
    expect(engine.pendingDecision()).toBeNull();
  });

  it('lets explicit fields override the preset and validates the model parameters', () => {
    const engine = gk({ banks: 200, meanDegree: 2.5, maxTimesteps: 3 });
    expect(engine.config).toMatchObject({ banks: 200, meanDegree: 2.5, capitalShare: 0.04 });
    expect(() => gk({ meanDegree: 1000 })).toThrow(/meanDegree/);
    expect(() => gk({ interbankRecovery: 2 })).toThrow(/interbankRecovery/);
    expect(() => createEngine({ simulationId: 'x', banks: 1001 })).toThrow(/banks/);
    // The default network ignores the mean degree, so a tiny default market is fine.
    expect(createEngine({ simulationId: 'x', banks: 2 }).snapshot().entities).toHaveLength(7);
    expect(() => createEngine({ simulationId: 'x', preset: 'toString' as never })).toThrow(
      /preset must be one of default, gai-kapadia/,
    );
    expect(Object.keys(MODEL_PRESETS)).toEqual(['default', 'gai-kapadia']);
  });

  it('decides a tie by defaultAt: six banks each lending 40 to the five others, capital 40', () => {
    // Six banks, mean degree 5 = every ordered pair a loan: each lends 200 / 5 = 40 to each of
    // the other five and has 4 % × 1,000 = 40 of capital. The trigger bank fails; each other bank
    // loses exactly its capital on its loan to it.
    const six = (defaultAt: string) => gk({ banks: 6, meanDegree: 5, defaultAt });
    for (const x of six('capital-exhausted').exposures()) expect(x.amount).toBeCloseTo(40, 9);
    const count = (defaultAt: string) =>
      six(defaultAt)
        .step()
        .filter((e) => e.type === 'entity_default').length;
    // The preset (the paper's K / A_IB < 1 / j): a loss equal to capital leaves a bank standing.
    expect(MODEL_PRESETS['gai-kapadia'].config.defaultAt).toBe('loss-exceeds-capital');
    expect(count('loss-exceeds-capital')).toBe(1);
    // Net worth must stay > 0 (the paper's solvency condition): all five fail with it.
    expect(count('capital-exhausted')).toBe(6);
    expect(() => gk({ defaultAt: 'sometimes' })).toThrow(/defaultAt/);
    expect(() => gk({ solvencyTolerance: -1 })).toThrow(/solvencyTolerance/);
  });

  it('runs the same network and trigger for the same seed, a different one for another', () => {
    const a = JSON.stringify(gk({ banks: 300 }).step());
    expect(JSON.stringify(gk({ banks: 300 }).step())).toBe(a);
    expect(JSON.stringify(gk({ banks: 300, seed: 14 }).step())).not.toBe(a);
  });
});

describe('clearing with senior deposits and capped recovery (hand-computed)', () => {
  // A owes B 10 and depositors 30; A has 35 outside. B owes nobody, has 1 outside.
  const base = {
    liabilities: [
      [0, 10],
      [0, 0],
    ],
    externalAssets: [35, 1],
  };

  it('pays senior depositors first: A (35 − 30 = 5 left) pays B 5', () => {
    const r = clearingVector({ ...base, seniorLiabilities: [30, 0] });
    expect(r.defaulted).toEqual([true, false]);
    expect(r.payments[0]).toBeCloseTo(5, 9);
  });

  it('shares pari passu instead: B gets 10/40 of 35 = 8.75', () => {
    const r = clearingVector({ ...base, externalLiabilities: [30, 0] });
    expect(r.payments[0]).toBeCloseTo(8.75, 9);
  });

  it('caps what creditors recover: zero recovery pays B nothing, 20 % pays 2', () => {
    expect(
      clearingVector({ ...base, seniorLiabilities: [30, 0], interbankRecovery: 0 }).payments[0],
    ).toBe(0);
    expect(
      clearingVector({ ...base, seniorLiabilities: [30, 0], interbankRecovery: 0.2 }).payments[0],
    ).toBeCloseTo(2, 9);
  });

  it('counts equity within the tolerance as a default (a loss exactly equal to capital)', () => {
    // B lent 2 to A and holds 8 outside against 8 of deposits: its capital is exactly the loan.
    const tie = {
      liabilities: [
        [0, 2],
        [0, 0],
      ],
      externalAssets: [0, 8],
      seniorLiabilities: [0, 8],
      interbankRecovery: 0,
    };
    // A defaults (owes 2, has 0) and pays 0; B ends with 8 − 8 = 0 equity: a default only at ≤ 0.
    expect(clearingVector(tie).defaulted).toEqual([true, true]);
    expect(clearingVector({ ...tie, tolerance: -1e-9 }).defaulted).toEqual([true, false]);
  });
});
