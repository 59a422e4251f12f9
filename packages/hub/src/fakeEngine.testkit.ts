// Temporary stand-in for @simstream/simulation while it is being written; same contract.
import type { EngineEvent, EntityState, PendingDecisionData, ShockInput, SimulationSnapshot, SimulationStatus } from '@simstream/protocol';
import type { AnswerDecisionResult, ContagionEngine, EngineConfig } from '@simstream/simulation';
import type { HubEngineConfig } from './types.js';

export function createFakeEngine(cfg: HubEngineConfig): ContagionEngine {
  const config: EngineConfig = {
    ...cfg,
    fireSaleImpact: 0,
    recoveryRate: 0.4,
    shockSchedule: [],
    playerEntityId: 'BANK_001',
  };
  let timestep = 0;
  let status: SimulationStatus = 'running';
  let pausedBy: 'operator' | 'decision' | null = null;
  let pending: PendingDecisionData | null = null;
  const shocks: ShockInput[] = [];
  const entities: EntityState[] = Array.from({ length: cfg.banks }, (_, i) => ({
    id: `BANK_${String(i + 1).padStart(3, '0')}`,
    type: 'bank',
    name: `Bank ${i + 1}`,
    alive: true,
    defaulted_at: null,
    assets: { real_estate: 100, equities: 50, sovereign_bonds: 80, corporate_loans: 120 },
    interbank_assets: 10,
    interbank_liabilities: 10,
    deposits: 300,
    equity: 40 + i,
    capital_ratio: 0.1,
    npa_ratio: 0.02,
  }));
  let health = 1;
  const snapshot = (): SimulationSnapshot => ({
    simulation_id: cfg.simulationId,
    timestep,
    status,
    system_health: health,
    alive_agents: entities.filter((e) => e.alive).length,
    total_agents: entities.length,
    prices: { real_estate: 1, equities: 1 - timestep / 1000, sovereign_bonds: 1, corporate_loans: 1 },
    player_entity_id: 'BANK_001',
    entities: entities.map((e) => ({ ...e, assets: { ...e.assets } })),
  });
  const stepEvent = (): EngineEvent => {
    const s = snapshot();
    return { type: 'simulation_step', data: { timestep, snapshot: s, system_health: s.system_health, alive_agents: s.alive_agents } };
  };
  const resolve = (choice: 'recommended' | 'alternative', by: 'answer' | 'deadline', who: string | null): EngineEvent[] => {
    const p = pending as PendingDecisionData;
    pending = null;
    const out: EngineEvent[] = [
      { type: 'decision_resolved', data: { decision_id: p.decision_id, choice, resolved_by: by, answered_by: who, timestep } },
    ];
    const player = entities[0] as EntityState;
    player.equity += choice === 'recommended' ? 5 : 1;
    if (pausedBy === 'decision') {
      pausedBy = null;
      status = 'running';
      out.push({ type: 'simulation_status', data: { status, reason: 'decision_resolved', timestep } });
    }
    return out;
  };
  return {
    config,
    get timestep() {
      return timestep;
    },
    get status() {
      return status;
    },
    snapshot,
    pendingDecision: () => pending,
    step() {
      if (status === 'finished' || pausedBy === 'operator') return [];
      if (pausedBy === 'decision') {
        if (pending && timestep >= pending.deadline_timestep) return resolve(pending.default_choice, 'deadline', null);
        timestep += 0; // countdown only
        return [];
      }
      const out: EngineEvent[] = [];
      timestep += 1;
      for (const shock of shocks.splice(0)) out.push({ type: 'shock_applied', data: { ...shock, timestep } });
      const e = entities[timestep % entities.length] as EntityState;
      e.equity = Math.round((e.equity - 7) * 100) / 100;
      e.assets.equities -= 1;
      if (e.equity <= 0 && e.alive) {
        e.alive = false;
        e.defaulted_at = timestep;
        out.push({ type: 'entity_default', data: { entity_id: e.id, entity_type: 'bank', timestep } });
      }
      health = entities.filter((x) => x.alive).length / entities.length;
      out.push(stepEvent());
      if (pending && timestep > pending.deadline_timestep) out.push(...resolve(pending.default_choice, 'deadline', null));
      if (!pending && timestep % 4 === 2) {
        pending = {
          decision_id: `${cfg.simulationId}-d${timestep}`,
          title: 'NPA over threshold',
          description: 'Act',
          recommended_action: { kind: 'raise_capital', label: 'Raise', description: 'x', params: {}, effects: {} },
          alternative_action: { kind: 'hold', label: 'Hold', description: 'y', params: {}, effects: {} },
          entity_id: 'BANK_001',
          timestep,
          deadline_timestep: timestep + cfg.decisionPolicy.deadlineSteps,
          deadline_at: null,
          default_choice: 'recommended',
          pauses_simulation: cfg.decisionPolicy.pauseOnDecision,
        };
        out.push({ type: 'pending_decision', data: pending });
        if (cfg.decisionPolicy.pauseOnDecision) {
          pausedBy = 'decision';
          status = 'paused';
          out.push({ type: 'simulation_status', data: { status, reason: 'decision', timestep } });
        }
      }
      if (cfg.maxTimesteps !== null && timestep >= cfg.maxTimesteps) {
        status = 'finished';
        out.push({ type: 'simulation_status', data: { status, reason: 'max_timesteps', timestep } });
      }
      return out;
    },
    applyShock(shock) {
      if (shock.shock_type !== 'asset_price_crash' && shock.target !== 'system' && !entities.some((e) => e.id === shock.target)) {
        return { ok: false, message: `unknown entity ${shock.target}` };
      }
      shocks.push(shock);
      return { ok: true };
    },
    answerDecision(decisionId, choice, answeredBy): AnswerDecisionResult {
      if (!pending || pending.decision_id !== decisionId) return { ok: false, reason: 'unknown_decision', message: 'no such decision' };
      return { ok: true, events: resolve(choice, 'answer', answeredBy) };
    },
    pause(reason = 'operator') {
      if (pausedBy === 'operator' || status === 'finished') return [];
      pausedBy = 'operator';
      status = 'paused';
      return [{ type: 'simulation_status', data: { status, reason, timestep } }];
    },
    resume() {
      if (pausedBy !== 'operator') return [];
      pausedBy = null;
      status = 'running';
      return [{ type: 'simulation_status', data: { status, reason: 'operator', timestep } }];
    },
    exposures: () => [],
  };
}
