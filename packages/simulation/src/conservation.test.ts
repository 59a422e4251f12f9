import type { SimulationSnapshot } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { totalFlow } from './ledger.js';

/** Σ equity from the wire snapshot alone (rounded figures), independent of the engine's ledger. */
function snapshotEquity(snapshot: SimulationSnapshot): number {
  return snapshot.entities.reduce((sum, e) => sum + e.equity, 0);
}

describe('conservation of money', () => {
  it('balances every entity and the whole system at every step, through shocks, defaults and decisions', () => {
    const engine = createEngine({
      simulationId: 'ledger',
      seed: 77,
      decisionPolicy: { npaThreshold: 0.07, pauseOnDecision: false, deadlineSteps: 3 },
      shockSchedule: [
        { timestep: 20, shock: { shock_type: 'deposit_run', target: 'system', magnitude: 0.15 } },
        { timestep: 40, shock: { shock_type: 'credit_loss', target: 'system', magnitude: 0.1 } },
        {
          timestep: 60,
          shock: { shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.35 },
        },
      ],
    });
    let previous = engine.snapshot();
    const seen = {
      defaults: 0,
      decisions: 0,
      depositorLosses: 0,
      bankruptcyCosts: 0,
      capitalOrActions: 0,
    };
    for (let i = 1; i <= 120; i += 1) {
      const pending = engine.pendingDecision();
      if (pending && i % 2 === 0) {
        const answer = engine.answerDecision(pending.decision_id, 'recommended', 'auditor');
        if (answer.ok) seen.decisions += 1;
      }
      const events = engine.step();
      seen.defaults += events.filter((e) => e.type === 'entity_default').length;
      seen.decisions += events.filter((e) => e.type === 'decision_resolved').length;
      const snapshot = engine.snapshot();
      const n = snapshot.entities.length;

      // 1. Each entity: assets = liabilities + equity (to rounding of the 2-decimal figures).
      let interbankAssets = 0;
      let interbankLiabilities = 0;
      for (const e of snapshot.entities) {
        const assets =
          e.assets.real_estate +
          e.assets.equities +
          e.assets.sovereign_bonds +
          e.assets.corporate_loans +
          e.interbank_assets;
        expect(
          Math.abs(assets - (e.interbank_liabilities + e.deposits + e.equity)),
          e.id,
        ).toBeLessThan(0.035);
        if (!e.alive) expect(assets + e.deposits + e.interbank_liabilities, e.id).toBe(0);
        interbankAssets += e.interbank_assets;
        interbankLiabilities += e.interbank_liabilities;
      }
      // 2. Every interbank claim is someone's liability.
      expect(Math.abs(interbankAssets - interbankLiabilities)).toBeLessThan(0.01 * n);

      // 3. System equity moved exactly by the booked flows: returns, losses, shocks, fire sales,
      //    defaults (bankruptcy costs, depositor losses), capital raised and action losses.
      const ledger = engine.ledger();
      expect(ledger.toTimestep).toBe(i);
      const flows = totalFlow(ledger.flows);
      expect(Math.abs(ledger.equityAfter - ledger.equityBefore - flows)).toBeLessThan(
        1e-6 * Math.max(1, Math.abs(ledger.equityBefore)),
      );
      expect(Math.abs(snapshotEquity(snapshot) - ledger.equityAfter)).toBeLessThan(0.01 * n);
      expect(Math.abs(snapshotEquity(snapshot) - snapshotEquity(previous) - flows)).toBeLessThan(
        0.02 * n,
      );

      if (ledger.flows.depositorLosses > 0) seen.depositorLosses += 1;
      if (ledger.flows.bankruptcyCosts < 0) seen.bankruptcyCosts += 1;
      if (ledger.flows.capitalRaised !== 0 || ledger.flows.actionLosses !== 0)
        seen.capitalOrActions += 1;
      previous = snapshot;
      if (engine.status === 'finished') break;
    }
    // The run went through every kind of flow the check is meant to cover.
    expect(seen.defaults).toBeGreaterThan(0);
    expect(seen.decisions).toBeGreaterThan(0);
    expect(seen.depositorLosses).toBeGreaterThan(0);
    expect(seen.bankruptcyCosts).toBeGreaterThan(0);
    expect(seen.capitalOrActions).toBeGreaterThan(0);
  });

  it('books a price crash as a shock loss equal to the holdings it revalues', () => {
    const engine = createEngine({ simulationId: 'crash', seed: 4, fireSaleImpact: 0 });
    const before = engine.snapshot();
    engine.applyShock({ shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.2 });
    engine.step();
    const held = before.entities.reduce((sum, e) => sum + e.assets.equities, 0);
    // Holdings did not change before the crash (it comes first in the step): −20 % of them.
    expect(engine.ledger().flows.shocks).toBeCloseTo(-0.2 * held, 0);
  });

  it('moves no equity in a deposit run that banks can pay', () => {
    const engine = createEngine({ simulationId: 'run', seed: 4, fireSaleImpact: 0 });
    engine.applyShock({ shock_type: 'deposit_run', target: 'BANK_005', magnitude: 0.05 });
    const before = engine.snapshot().entities[4]!;
    engine.step();
    const after = engine.snapshot().entities[4]!;
    expect(after.deposits).toBeCloseTo(before.deposits * 0.95, 1);
    const assetsBefore = Object.values(before.assets).reduce((a, b) => a + b, 0);
    const assetsAfter = Object.values(after.assets).reduce((a, b) => a + b, 0);
    // Assets fell by about the deposits paid out (returns move them a little too).
    expect(assetsBefore - assetsAfter).toBeGreaterThan(before.deposits * 0.05 * 0.8);
    expect(assetsBefore - assetsAfter).toBeLessThan(before.deposits * 0.05 * 1.2);
  });
});
