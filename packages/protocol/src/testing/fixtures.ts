import { encodeCompactStep } from '../compactStep.js';
import type { EntityState, SimulationSnapshot } from '../domain.js';
import type { EngineEvent } from '../events.js';

/** A valid entity, for tests and stories. */
export function sampleEntity(id = 'BANK_001', overrides: Partial<EntityState> = {}): EntityState {
  return {
    id,
    type: 'bank',
    name: `Bank ${id.slice(-3)}`,
    alive: true,
    defaulted_at: null,
    assets: { real_estate: 120.5, equities: 80, sovereign_bonds: 200, corporate_loans: 300 },
    interbank_assets: 50,
    interbank_liabilities: 45,
    deposits: 600,
    equity: 105.5,
    capital_ratio: 0.1123,
    npa_ratio: 0.041,
    ...overrides,
  };
}

/** A valid snapshot, for tests and stories. */
export function sampleSnapshot(simulationId = 'sim-test', timestep = 42): SimulationSnapshot {
  return {
    simulation_id: simulationId,
    timestep,
    status: 'running',
    system_health: 0.85,
    alive_agents: 2,
    total_agents: 3,
    prices: { real_estate: 0.92, equities: 1.03, sovereign_bonds: 1, corporate_loans: 0.99 },
    player_entity_id: 'BANK_001',
    entities: [
      sampleEntity('BANK_001'),
      sampleEntity('BANK_002', { alive: false, defaulted_at: 40, equity: 0 }),
      sampleEntity('FUND_001', { type: 'fund', name: 'Fund 001' }),
    ],
  };
}

/** Step 43 after `sampleSnapshot`, compact: prices moved, one bank lost equity. */
function sampleCompactStep(simulationId: string) {
  const base = sampleSnapshot(simulationId);
  const [first, ...rest] = base.entities;
  const next: SimulationSnapshot = {
    ...base,
    timestep: 43,
    system_health: 0.84,
    prices: { ...base.prices, real_estate: 0.9 },
    entities: [{ ...first!, equity: 101.2, capital_ratio: 0.105 }, ...rest],
  };
  const data = encodeCompactStep(base, next);
  if (!data) throw new Error('the sample step must encode compactly');
  return data;
}

/** One valid engine event of every type, in the seed's shapes. */
export function sampleEvents(simulationId = 'sim-test'): EngineEvent[] {
  const action = (kind: string) => ({
    kind,
    label: kind.replace('_', ' '),
    description: `Apply ${kind}`,
    params: { amount: 120 },
    effects: { capital_ratio: 0.02 },
  });
  return [
    {
      type: 'simulation_step',
      data: {
        timestep: 42,
        snapshot: sampleSnapshot(simulationId),
        system_health: 0.85,
        alive_agents: 2,
      },
    },
    {
      type: 'simulation_delta',
      data: {
        timestep: 43,
        base_timestep: 42,
        status: 'running',
        system_health: 0.84,
        alive_agents: 2,
        prices: { real_estate: 0.9, equities: 1.01, sovereign_bonds: 1, corporate_loans: 0.99 },
        changed: [{ id: 'BANK_001', equity: 101.2, capital_ratio: 0.105 }],
      },
    },
    { type: 'simulation_compact', data: sampleCompactStep(simulationId) },
    { type: 'entity_default', data: { entity_id: 'BANK_025', entity_type: 'bank', timestep: 42 } },
    {
      type: 'shock_applied',
      data: {
        shock_type: 'asset_price_crash',
        target: 'real_estate',
        magnitude: -0.3,
        timestep: 42,
      },
    },
    {
      type: 'pending_decision',
      data: {
        decision_id: 'DEC-42-1',
        title: 'Risk Alert: High NPA Levels',
        description: 'Your NPA ratio has exceeded 8%…',
        recommended_action: action('raise_capital'),
        alternative_action: action('hold'),
        entity_id: 'BANK_001',
        timestep: 42,
        deadline_timestep: 52,
        deadline_at: '2026-02-08T10:30:55.012Z',
        default_choice: 'recommended',
        pauses_simulation: false,
      },
    },
    {
      type: 'decision_resolved',
      data: {
        decision_id: 'DEC-42-1',
        choice: 'alternative',
        resolved_by: 'answer',
        answered_by: 'viewer-1',
        timestep: 44,
      },
    },
    { type: 'simulation_status', data: { status: 'paused', reason: 'operator', timestep: 44 } },
  ];
}
