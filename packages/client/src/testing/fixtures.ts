import type {
  EngineEvent,
  EntityState,
  PendingDecisionData,
  SimulationSnapshot,
} from '@simstream/protocol';

/** A small valid entity for tests. */
export function entity(id: string, overrides: Partial<EntityState> = {}): EntityState {
  return {
    id,
    type: 'bank',
    name: id,
    alive: true,
    defaulted_at: null,
    assets: { real_estate: 100, equities: 50, sovereign_bonds: 80, corporate_loans: 120 },
    interbank_assets: 20,
    interbank_liabilities: 15,
    deposits: 300,
    equity: 40,
    capital_ratio: 0.12,
    npa_ratio: 0.03,
    ...overrides,
  };
}

/** A valid snapshot at `timestep` with `count` banks whose equity moves with time. */
export function snapshotAt(simulationId: string, timestep: number, count = 3): SimulationSnapshot {
  const entities = Array.from({ length: count }, (_, i) =>
    entity(`BANK_${String(i + 1).padStart(3, '0')}`, { equity: 40 + timestep + i }),
  );
  return {
    simulation_id: simulationId,
    timestep,
    status: 'running',
    system_health: 0.9,
    alive_agents: count,
    total_agents: count,
    prices: {
      real_estate: 1,
      equities: 1 - timestep / 1000,
      sovereign_bonds: 1,
      corporate_loans: 1,
    },
    player_entity_id: 'BANK_001',
    entities,
  };
}

/** A `simulation_step` engine event. */
export function stepEvent(simulationId: string, timestep: number, count = 3): EngineEvent {
  const snapshot = snapshotAt(simulationId, timestep, count);
  return {
    type: 'simulation_step',
    data: {
      timestep,
      snapshot,
      system_health: snapshot.system_health,
      alive_agents: snapshot.alive_agents,
    },
  };
}

/** A `shock_applied` engine event. */
export function shockEvent(timestep: number): EngineEvent {
  return {
    type: 'shock_applied',
    data: { shock_type: 'deposit_run', target: 'system', magnitude: 0.2, timestep },
  };
}

/** A `pending_decision` engine event. */
export function decisionEvent(decisionId: string, timestep: number): EngineEvent {
  const data: PendingDecisionData = {
    decision_id: decisionId,
    title: 'NPA above 8 %',
    description: 'Raise capital or sell assets.',
    recommended_action: {
      kind: 'raise_capital',
      label: 'Raise capital',
      description: 'Issue shares',
      params: { amount: 100 },
      effects: { capital_ratio: 0.02 },
    },
    alternative_action: {
      kind: 'hold',
      label: 'Hold',
      description: 'Do nothing',
      params: {},
      effects: {},
    },
    entity_id: 'BANK_001',
    timestep,
    deadline_timestep: timestep + 5,
    deadline_at: null,
    default_choice: 'recommended',
    pauses_simulation: false,
  };
  return { type: 'pending_decision', data };
}
