import type {
  DecisionChoice,
  EngineEvent,
  PendingDecisionData,
  SimulationStatus,
} from '@simstream/protocol';
import {
  applyAction,
  buildDecision,
  DECISION_COOLDOWN_STEPS,
  type DecisionTrigger,
  detectTrigger,
} from './decisions.js';
import { bookMetrics, type MarketState } from './market.js';
import type { DeskState } from './engineState.js';
import type { AnswerDecisionResult, EngineConfig } from './types.js';

/** Where a run stands; the engine and its decision desk share one. */
export interface RunState {
  timestep: number;
  status: SimulationStatus;
  pausedBy: 'operator' | 'decision' | null;
}

/**
 * The `simulation_status` event for a change to `next`.
 *
 * @example
 * statusEvent(run, 'paused', 'operator');
 */
export function statusEvent(
  run: Readonly<RunState>,
  next: SimulationStatus,
  reason: string | null,
): EngineEvent {
  return { type: 'simulation_status', data: { status: next, reason, timestep: run.timestep } };
}

interface Pending {
  data: PendingDecisionData;
  trigger: DecisionTrigger;
  /** step() calls spent waiting while the simulation is paused by this decision. */
  waited: number;
}

/** The desk's state between steps (one object, so its steps can live outside the closure). */
interface Desk {
  market: MarketState;
  run: RunState;
  playerIndex: number;
  resolved: Set<string>;
  coolDownUntil: Record<DecisionTrigger, number>;
  pending: Pending | null;
  decisionCount: number;
}

/** Apply the chosen action of the pending decision, start its cool-down, resume a paused run. */
function resolve(
  desk: Desk,
  choice: DecisionChoice,
  by: 'answer' | 'deadline',
  answeredBy: string | null,
): EngineEvent[] {
  const { run } = desk;
  if (!desk.pending) return [];
  const { data, trigger } = desk.pending;
  applyAction(
    desk.market,
    desk.playerIndex,
    choice === 'recommended' ? data.recommended_action : data.alternative_action,
  );
  desk.resolved.add(data.decision_id);
  desk.coolDownUntil[trigger] = run.timestep + DECISION_COOLDOWN_STEPS;
  desk.pending = null;
  const events: EngineEvent[] = [
    {
      type: 'decision_resolved',
      data: {
        decision_id: data.decision_id,
        choice,
        resolved_by: by,
        answered_by: answeredBy,
        timestep: run.timestep,
      },
    },
  ];
  if (run.status === 'paused' && run.pausedBy === 'decision') {
    run.status = 'running';
    run.pausedBy = null;
    events.push(
      statusEvent(run, 'running', by === 'answer' ? 'decision_answered' : 'decision_deadline'),
    );
  }
  return events;
}

/** After step `t`: a new decision if the player's bank crosses a trigger (and may pause). */
function raise(desk: Desk, config: Readonly<EngineConfig>, t: number): EngineEvent[] {
  const { market, playerIndex, run } = desk;
  if (desk.pending || !market.books[playerIndex]!.alive) return [];
  const trigger = detectTrigger(
    bookMetrics(market, playerIndex),
    config.decisionPolicy,
    desk.coolDownUntil,
    t,
  );
  if (!trigger) return [];
  desk.decisionCount += 1;
  const data = buildDecision(market, playerIndex, trigger, {
    // Run 0 keeps the original ids; later runs (resets) must not reuse them.
    decisionId:
      config.run === 0
        ? `DEC-${t}-${desk.decisionCount}`
        : `DEC-r${config.run}-${t}-${desk.decisionCount}`,
    timestep: t,
    policy: config.decisionPolicy,
  });
  desk.pending = { data, trigger, waited: 0 };
  const events: EngineEvent[] = [{ type: 'pending_decision', data }];
  if (data.pauses_simulation) {
    run.status = 'paused';
    run.pausedBy = 'decision';
    events.push(statusEvent(run, 'paused', 'awaiting_decision'));
  }
  return events;
}

/**
 * The player's decisions: raises one when a trigger is crossed after a step, applies the chosen
 * action (answer or deadline), keeps the cool-downs, and pauses/resumes the run when the policy
 * says decisions pause it. One decision at a time.
 *
 * @example
 * const desk = createDecisionDesk(market, config, run);
 * events.push(...desk.expire(t), ...desk.raise(t));
 */
export function createDecisionDesk(
  market: MarketState,
  config: Readonly<EngineConfig>,
  run: RunState,
  from?: DeskState,
) {
  const desk: Desk = {
    market,
    run,
    playerIndex: market.books.findIndex((b) => b.id === config.playerEntityId),
    resolved: new Set<string>(from?.resolved),
    coolDownUntil: { high_npa: 0, low_capital: 0, ...from?.coolDownUntil },
    pending: from?.pending ?? null,
    decisionCount: from?.decisionCount ?? 0,
  };

  return {
    /** The desk between steps, for an engine checkpoint (`from` restores it). */
    state: (): DeskState => ({
      resolved: [...desk.resolved],
      coolDownUntil: { ...desk.coolDownUntil },
      pending: desk.pending,
      decisionCount: desk.decisionCount,
    }),

    pending: (): PendingDecisionData | null =>
      desk.pending ? structuredClone(desk.pending.data) : null,

    /** After step `t`: the default choice of a decision whose deadline has passed. */
    expire(t: number): EngineEvent[] {
      if (desk.pending && t > desk.pending.data.deadline_timestep)
        return resolve(desk, desk.pending.data.default_choice, 'deadline', null);
      return [];
    },

    /** After step `t`: a new decision if the player's bank crosses a trigger (and may pause). */
    raise: (t: number): EngineEvent[] => raise(desk, config, t),

    /**
     * One step() while the run is paused by a decision: only the deadline clock runs; past the
     * deadline the default choice applies and the run resumes.
     */
    waitPaused(): EngineEvent[] {
      const pending = desk.pending;
      if (!pending) return [];
      pending.waited += 1;
      if (run.timestep + pending.waited <= pending.data.deadline_timestep) return [];
      return resolve(desk, pending.data.default_choice, 'deadline', null);
    },

    answer(
      decisionId: string,
      choice: DecisionChoice,
      answeredBy: string | null,
    ): AnswerDecisionResult {
      if (desk.pending && desk.pending.data.decision_id === decisionId)
        return { ok: true, events: resolve(desk, choice, 'answer', answeredBy) };
      if (desk.resolved.has(decisionId))
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
  };
}

export type DecisionDesk = ReturnType<typeof createDecisionDesk>;
