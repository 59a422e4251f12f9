import '../components/testSetup.js';
import type { SimulationSnapshot } from '@simstream/protocol';
import { sampleEntity } from '@simstream/protocol/testing';
import { createEngine } from '@simstream/simulation';
import { describe, expect, it } from 'vitest';
import { nextNodeId } from './networkKeyboard.js';
import { buildNetworkModel, capitalBand, counterparties, defaultHits } from './networkModel.js';

function snapshotWith(): SimulationSnapshot {
  return {
    simulation_id: 'net',
    timestep: 7,
    status: 'running',
    system_health: 0.6,
    alive_agents: 3,
    total_agents: 4,
    prices: { real_estate: 1, equities: 1, sovereign_bonds: 1, corporate_loans: 1 },
    player_entity_id: 'BANK_002',
    entities: [
      sampleEntity('BANK_001', { capital_ratio: 0.15, interbank_assets: 100 }),
      sampleEntity('BANK_002', { capital_ratio: 0.09, interbank_assets: 10 }),
      sampleEntity('BANK_003', {
        alive: false,
        defaulted_at: 7,
        capital_ratio: -0.2,
        assets: { real_estate: 0, equities: 0, sovereign_bonds: 0, corporate_loans: 0 },
        interbank_assets: 0,
      }),
      sampleEntity('FUND_001', { type: 'fund', capital_ratio: 0.03, interbank_assets: 30 }),
    ],
    exposures: [
      { lender: 'BANK_001', borrower: 'BANK_002', amount: 80 },
      {
        lender: 'BANK_001',
        borrower: 'BANK_003',
        amount: 20,
        status: 'written_off',
        closed_at: 7,
        loss: 12,
      },
      {
        lender: 'FUND_001',
        borrower: 'BANK_003',
        amount: 30,
        status: 'written_off',
        closed_at: 7,
        loss: 18,
      },
      {
        lender: 'BANK_003',
        borrower: 'BANK_002',
        amount: 10,
        status: 'settled',
        closed_at: 7,
        loss: 0,
      },
      { lender: 'BANK_002', borrower: 'BANK_001', amount: 5 },
    ],
  };
}

describe('the network data mapping', () => {
  const model = buildNetworkModel(snapshotWith());
  const node = (id: string) => model.byId.get(id)!;

  it('sizes nodes by total assets, colours them by capital band, marks defaults and the player', () => {
    expect(node('BANK_001').totalAssets).toBeGreaterThan(node('BANK_002').totalAssets);
    expect(node('BANK_001').radius).toBeGreaterThan(node('BANK_002').radius);
    expect(node('BANK_003').radius).toBe(4); // nothing left: the smallest size
    expect(model.nodes.map((n) => n.band)).toEqual(['strong', 'adequate', 'defaulted', 'critical']);
    expect(node('BANK_002').isPlayer).toBe(true);
    expect(model.nodes.filter((n) => n.isPlayer)).toHaveLength(1);
    expect([capitalBand(0.04, true), capitalBand(0.0399, true), capitalBand(0.2, false)]).toEqual([
      'weak',
      'critical',
      'defaulted',
    ]);
  });

  it('sizes links by exposure and sums open lending, borrowing and losses per node', () => {
    const widths = model.links.map((l) => l.width);
    expect(widths[0]).toBeGreaterThan(widths[1]!); // 80 > 20
    expect(model.links.map((l) => l.status)).toEqual([
      'open',
      'written_off',
      'written_off',
      'settled',
      'open',
    ]);
    expect(model.openLinks).toBe(2);
    expect(node('BANK_001')).toMatchObject({
      lent: 80,
      lendsTo: 1,
      borrowed: 5,
      borrowsFrom: 1,
      losses: 12,
    });
    expect(node('FUND_001')).toMatchObject({ lent: 0, losses: 18 });
    expect(node('BANK_003')).toMatchObject({ lent: 0, borrowed: 0 });
    expect(counterparties(model, 'BANK_001').lendsTo).toEqual([{ id: 'BANK_002', amount: 80 }]);
  });

  it('finds the claims a default of this step hit, from the defaulter to each creditor', () => {
    expect(defaultHits(model, 7)).toEqual([
      { defaulter: 'BANK_003', links: [model.links[1], model.links[2]] },
    ]);
    expect(defaultHits(model, 6)).toEqual([]);
  });

  it('keeps the link of an unchanged claim from step to step, and makes a changed claim a new one', () => {
    const before = snapshotWith();
    const exposures = before.exposures ?? [];
    const closed = { ...exposures[0]!, status: 'written_off' as const, closed_at: 8, loss: 40 };
    const after = { ...before, timestep: 8, exposures: [closed, ...exposures.slice(1)] };
    const [a, b] = [buildNetworkModel(before), buildNetworkModel(after)];
    expect(b.links).not.toBe(a.links);
    expect(b.links.slice(1)).toEqual(a.links.slice(1));
    for (let i = 1; i < b.links.length; i += 1) expect(b.links[i]).toBe(a.links[i]);
    expect(b.links[0]).toMatchObject({ status: 'written_off', closedAt: 8, loss: 40 });
    expect(a.links[0]).toMatchObject({ status: 'open', closedAt: null });
    // The sums follow the new claim, not the reused links.
    expect(b.byId.get('BANK_001')).toMatchObject({ lent: 0, lendsTo: 0, losses: 52 });
  });

  it('maps a real engine crash: defaulted nodes, their claims written off with the losses reported', () => {
    const engine = createEngine({ simulationId: 'crash', seed: 3 });
    engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.45 });
    const events = [...engine.step(), ...engine.step(), ...engine.step()];
    const real = buildNetworkModel(engine.snapshot());
    const defaults = events.flatMap((e) => (e.type === 'entity_default' ? [e.data] : []));
    expect(defaults.length).toBeGreaterThan(0);
    for (const d of defaults) {
      expect(real.byId.get(d.entity_id)?.band).toBe('defaulted');
      const lost = real.links
        .filter((l) => l.target === d.entity_id && l.closedAt === d.timestep)
        .reduce((s, l) => s + l.loss, 0);
      expect(lost).toBeCloseTo(d.creditor_losses ?? 0, 0);
    }
  });
});

describe('keyboard movement over nodes', () => {
  const ids = ['A', 'B', 'C', 'D'];
  it('starts at the player (or the first), steps with arrows, jumps with Home/End, wraps around', () => {
    expect(nextNodeId(ids, null, 'ArrowRight', 'C')).toBe('C');
    expect(nextNodeId(ids, null, 'ArrowRight')).toBe('A');
    expect(nextNodeId(ids, 'A', 'ArrowRight')).toBe('B');
    expect(nextNodeId(ids, 'A', 'ArrowLeft')).toBe('D');
    expect(nextNodeId(ids, 'D', 'ArrowDown')).toBe('A');
    expect(nextNodeId(ids, 'B', 'End')).toBe('D');
    expect(nextNodeId(ids, 'C', 'Home')).toBe('A');
    expect(nextNodeId(ids, 'B', 'PageDown')).toBe('D');
    expect(nextNodeId(ids, 'B', 'x')).toBeNull();
  });
});
