import type {
  DecisionChoice,
  DecisionPolicy,
  EngineEvent,
  PendingDecisionData,
  ShockInput,
  SimulationSnapshot,
  SimulationStatus,
} from '@simstream/protocol';
import type { StepLedger } from './ledger.js';

/** Configuration of one simulation run. Same config + same inputs ⇒ the same events, byte for byte. */
export interface EngineConfig {
  simulationId: string;
  seed: number;
  /** Number of banks (ids `BANK_001`…). Default 25. */
  banks: number;
  /** Number of non-bank funds (ids `FUND_001`…). Default 5. */
  funds: number;
  /** Probability of an interbank exposure between two banks. Default 0.2. */
  density: number;
  /** Stop with status `finished` after this many steps; null runs forever. */
  maxTimesteps: number | null;
  decisionPolicy: DecisionPolicy;
  /** Price impact of fire sales by distressed banks (0 disables). */
  fireSaleImpact: number;
  /**
   * Share of market value a defaulted entity's risky assets (real estate, equities, loans)
   * realize in liquidation (Rogers–Veraart); what its interbank creditors recover follows from
   * the Eisenberg–Noe clearing. 1 = plain Eisenberg–Noe (no bankruptcy costs).
   */
  recoveryRate: number;
  /** Shocks applied at the start of the given timesteps. */
  shockSchedule: ReadonlyArray<{ timestep: number; shock: ShockInput }>;
  /** Entity the operator steers (gets decisions). Default `BANK_001`. */
  playerEntityId: string;
  /**
   * Which run of the simulation this engine is (0 for the first, +1 per reset). Decision ids
   * carry it after the first run (`DEC-r2-5-1`), so a reset never reuses an id a client already
   * knows; the market itself does not depend on it. Default 0.
   */
  run: number;
}

export type AnswerDecisionResult =
  | { ok: true; events: EngineEvent[] }
  | { ok: false; reason: 'unknown_decision' | 'already_decided'; message: string };

export type ShockResult = { ok: true } | { ok: false; message: string };

/**
 * A deterministic, seeded financial-contagion model. Pure: no I/O, no timers, no wall clock;
 * the caller drives `step()`.
 */
export interface ContagionEngine {
  readonly config: Readonly<EngineConfig>;
  readonly timestep: number;
  readonly status: SimulationStatus;
  /** Current full state (a fresh object; callers may keep it). */
  snapshot(): SimulationSnapshot;
  /** The decision waiting for an answer, if any. */
  pendingDecision(): PendingDecisionData | null;
  /**
   * Advance one timestep and return its events in emission order (shock_applied…,
   * entity_default…, simulation_step, then decision events). While paused by a decision it
   * advances only the decision's deadline countdown (returning [] or the deadline's
   * decision_resolved + simulation_status); while paused by the operator or finished it returns [].
   */
  step(): EngineEvent[];
  /** Queue a shock for the start of the next step (validated against entities/asset classes). */
  applyShock(shock: ShockInput): ShockResult;
  /** Resolve the pending decision with a choice; returns decision_resolved (+ status change). */
  answerDecision(
    decisionId: string,
    choice: DecisionChoice,
    answeredBy: string | null,
  ): AnswerDecisionResult;
  /** Operator pause/resume; return the simulation_status event (or [] when nothing changed). */
  pause(reason?: string): EngineEvent[];
  resume(): EngineEvent[];
  /** The interbank exposure network: `from` lent `amount` to `to`. */
  exposures(): ReadonlyArray<{ from: string; to: string; amount: number }>;
}

/**
 * The engine `createEngine` returns: a `ContagionEngine` that also accounts for where the
 * system's equity went in the last step (conservation audits and tests).
 */
export interface AuditedContagionEngine extends ContagionEngine {
  /** Flows between the previous and the latest `simulation_step` snapshot. */
  ledger(): StepLedger;
}
