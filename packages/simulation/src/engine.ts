import {
  type DecisionChoice,
  type EngineEvent,
  type PendingDecisionData,
  type ShockInput,
  type SimulationStatus,
  shockInputSchema,
} from '@simstream/protocol';
import { resolveConfig } from './config.js';
import { money } from './balanceSheet.js';
import {
  applyAction,
  buildDecision,
  DECISION_COOLDOWN_STEPS,
  type DecisionTrigger,
  detectTrigger,
} from './decisions.js';
import {
  applyLoanLosses,
  applyReturns,
  applyShock,
  cureLoans,
  earnInterest,
  updateAnchor,
} from './dynamics.js';
import { emptyFlows, type StepLedger } from './ledger.js';
import { bookMetrics, type MarketState, systemEquity } from './market.js';
import { createPrng, deriveSeed } from './prng.js';
import { applyFireSaleImpact, deleverage, resolveDefaults } from './resolution.js';
import { createInitialMarket } from './setup.js';
import { buildSnapshot, exposureList } from './snapshotView.js';
import type {
  AnswerDecisionResult,
  AuditedContagionEngine,
  EngineConfig,
  ShockResult,
} from './types.js';

interface Pending {
  data: PendingDecisionData;
  trigger: DecisionTrigger;
  /** step() calls spent waiting while the simulation is paused by this decision. */
  waited: number;
}

/** Why a shock cannot apply to this market, or null when it can. */
function shockTargetError(state: MarketState, shock: ShockInput): string | null {
  if (shock.shock_type === 'asset_price_crash' || shock.target === 'system') return null;
  const book = state.books.find((b) => b.id === shock.target);
  if (!book) return `unknown entity ${shock.target}: target an entity id or "system"`;
  // A shock on a defaulted entity would change nothing yet still be announced as applied.
  if (!book.alive)
    return `${shock.target} has defaulted; shocks can target only entities still alive`;
  if (shock.shock_type === 'deposit_run' && book.type !== 'bank')
    return `${shock.target} takes no deposits: a deposit_run targets a bank or "system"`;
  return null;
}

/**
 * Create a deterministic, seeded contagion engine. Missing config fields take
 * `DEFAULT_ENGINE_CONFIG`; the same config and the same calls give the same events, byte for byte.
 *
 * @example
 * const engine = createEngine({ simulationId: 'demo', seed: 42 });
 * engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3 });
 * const events = engine.step(); // shock_applied, entity_default…, simulation_step, …
 */
export function createEngine(
  input: Partial<EngineConfig> & { simulationId: string },
): AuditedContagionEngine {
  const config = Object.freeze(resolveConfig(input));
  const market = createInitialMarket(config);
  for (const entry of config.shockSchedule) {
    const error = shockTargetError(market, entry.shock);
    if (error) throw new RangeError(`engine config: shockSchedule at ${entry.timestep}: ${error}`);
  }
  const rng = createPrng(deriveSeed(config.seed, 2));
  const playerIndex = market.books.findIndex((b) => b.id === config.playerEntityId);
  const queued: ShockInput[] = [];
  const resolved = new Set<string>();
  const coolDownUntil: Record<DecisionTrigger, number> = { high_npa: 0, low_capital: 0 };
  let timestep = 0;
  let status: SimulationStatus = 'running';
  let pausedBy: 'operator' | 'decision' | null = null;
  let pending: Pending | null = null;
  let decisionCount = 0;
  let equityMark = systemEquity(market);
  let lastLedger: StepLedger = {
    fromTimestep: 0,
    toTimestep: 0,
    equityBefore: equityMark,
    equityAfter: equityMark,
    flows: emptyFlows(),
  };

  const snapshot = () =>
    buildSnapshot(market, {
      simulationId: config.simulationId,
      timestep,
      status,
      playerEntityId: config.playerEntityId,
    });
  const statusEvent = (next: SimulationStatus, reason: string | null): EngineEvent => ({
    type: 'simulation_status',
    data: { status: next, reason, timestep },
  });

  function resolveDecision(
    choice: DecisionChoice,
    by: 'answer' | 'deadline',
    answeredBy: string | null,
  ): EngineEvent[] {
    if (!pending) return [];
    const { data, trigger } = pending;
    applyAction(
      market,
      playerIndex,
      choice === 'recommended' ? data.recommended_action : data.alternative_action,
    );
    resolved.add(data.decision_id);
    coolDownUntil[trigger] = timestep + DECISION_COOLDOWN_STEPS;
    pending = null;
    const events: EngineEvent[] = [
      {
        type: 'decision_resolved',
        data: {
          decision_id: data.decision_id,
          choice,
          resolved_by: by,
          answered_by: answeredBy,
          timestep,
        },
      },
    ];
    if (status === 'paused' && pausedBy === 'decision') {
      status = 'running';
      pausedBy = null;
      events.push(
        statusEvent('running', by === 'answer' ? 'decision_answered' : 'decision_deadline'),
      );
    }
    return events;
  }

  function advanceMarket(): EngineEvent[] {
    const t = timestep + 1;
    const events: EngineEvent[] = [];
    const equityAtStart = market.books.map((b) =>
      b.alive ? bookMetrics(market, b.index).equity : 0,
    );
    const illiquid = new Set<number>();
    const shocks = [
      ...config.shockSchedule.filter((e) => e.timestep === t).map((e) => e.shock),
      ...queued.splice(0),
    ];
    for (const shock of shocks) {
      for (const i of applyShock(market, shock)) illiquid.add(i);
      events.push({
        type: 'shock_applied',
        data: {
          shock_type: shock.shock_type,
          target: shock.target,
          magnitude: shock.magnitude,
          timestep: t,
        },
      });
    }
    applyReturns(market, rng);
    earnInterest(market);
    applyLoanLosses(market, rng);
    cureLoans(market);
    for (const record of resolveDefaults(market, t, illiquid, config.recoveryRate)) {
      const book = market.books[record.index]!;
      events.push({
        type: 'entity_default',
        data: {
          entity_id: book.id,
          entity_type: book.type,
          timestep: t,
          cause: record.cause,
          creditor_losses: money(record.creditorLosses),
        },
      });
    }
    deleverage(market, equityAtStart);
    applyFireSaleImpact(market, config.fireSaleImpact);
    updateAnchor(market);

    timestep = t;
    const aliveBanks = market.books.some((b) => b.alive && b.type === 'bank');
    const finishReason = !aliveBanks
      ? 'all_banks_defaulted'
      : config.maxTimesteps !== null && t >= config.maxTimesteps
        ? 'max_timesteps'
        : null;
    if (finishReason) status = 'finished';
    const snap = snapshot();
    events.push({
      type: 'simulation_step',
      data: {
        timestep: t,
        snapshot: snap,
        system_health: snap.system_health,
        alive_agents: snap.alive_agents,
      },
    });

    const equityNow = systemEquity(market);
    lastLedger = {
      fromTimestep: t - 1,
      toTimestep: t,
      equityBefore: equityMark,
      equityAfter: equityNow,
      flows: market.flows,
    };
    market.flows = emptyFlows();
    equityMark = equityNow;

    if (pending && t > pending.data.deadline_timestep)
      events.push(...resolveDecision(pending.data.default_choice, 'deadline', null));
    if (finishReason) {
      events.push(statusEvent('finished', finishReason));
    } else if (!pending && market.books[playerIndex]!.alive) {
      const trigger = detectTrigger(
        bookMetrics(market, playerIndex),
        config.decisionPolicy,
        coolDownUntil,
        t,
      );
      if (trigger) {
        decisionCount += 1;
        const data = buildDecision(market, playerIndex, trigger, {
          // Run 0 keeps the original ids; later runs (resets) must not reuse them.
          decisionId:
            config.run === 0
              ? `DEC-${t}-${decisionCount}`
              : `DEC-r${config.run}-${t}-${decisionCount}`,
          timestep: t,
          policy: config.decisionPolicy,
        });
        pending = { data, trigger, waited: 0 };
        events.push({ type: 'pending_decision', data });
        if (data.pauses_simulation) {
          status = 'paused';
          pausedBy = 'decision';
          events.push(statusEvent('paused', 'awaiting_decision'));
        }
      }
    }
    return events;
  }

  return {
    config,
    get timestep() {
      return timestep;
    },
    get status() {
      return status;
    },
    snapshot,
    pendingDecision: () => (pending ? structuredClone(pending.data) : null),
    step() {
      if (status === 'finished') return [];
      if (status === 'paused') {
        // Paused for a decision: the market stands still, only the deadline clock runs.
        if (pausedBy !== 'decision' || !pending) return [];
        pending.waited += 1;
        if (timestep + pending.waited <= pending.data.deadline_timestep) return [];
        return resolveDecision(pending.data.default_choice, 'deadline', null);
      }
      return advanceMarket();
    },
    applyShock(shock: ShockInput): ShockResult {
      const parsed = shockInputSchema.safeParse(shock);
      if (!parsed.success)
        return {
          ok: false,
          message: parsed.error.issues
            .map((i) => `${i.path.join('.') || 'shock'}: ${i.message}`)
            .join('; '),
        };
      if (status === 'finished') return { ok: false, message: 'the simulation has finished' };
      const error = shockTargetError(market, parsed.data);
      if (error) return { ok: false, message: error };
      queued.push(parsed.data);
      return { ok: true };
    },
    answerDecision(decisionId, choice, answeredBy): AnswerDecisionResult {
      if (pending && pending.data.decision_id === decisionId)
        return { ok: true, events: resolveDecision(choice, 'answer', answeredBy) };
      if (resolved.has(decisionId))
        return {
          ok: false,
          reason: 'already_decided',
          message: `decision ${decisionId} was already decided`,
        };
      return {
        ok: false,
        reason: 'unknown_decision',
        message: `no decision ${decisionId} in this simulation`,
      };
    },
    pause(reason) {
      if (status !== 'running') return [];
      status = 'paused';
      pausedBy = 'operator';
      return [statusEvent('paused', reason ?? 'operator')];
    },
    resume() {
      if (status !== 'paused' || pausedBy !== 'operator') return [];
      status = 'running';
      pausedBy = null;
      return [statusEvent('running', 'operator')];
    },
    exposures: () => exposureList(market),
    ledger: () => structuredClone(lastLedger),
  };
}
