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
  /**
   * The named parameter set the other fields start from (`MODEL_PRESETS`): `default` (the
   * engine's own market) or `gai-kapadia` (Gai & Kapadia 2010). Fields given explicitly override
   * the preset's values.
   */
  preset: ModelPresetName;
  /** Number of banks (ids `BANK_001`…), 1..1000. Default 25. */
  banks: number;
  /** Number of non-bank funds (ids `FUND_001`…). Default 5. */
  funds: number;
  /**
   * How banks and the interbank network are built. `scaled` (default): balance sheets drawn per
   * bank, each ordered pair linked with probability `density`, loans scaled with √(size × size)
   * under a large-exposure limit. `erdos-renyi`: identical banks (Gai–Kapadia), each ordered pair
   * linked with probability `meanDegree / (banks − 1)`, a bank's interbank assets
   * (`interbankShare` of its assets) spread evenly over its loans.
   */
  network: NetworkModel;
  /** Probability of an interbank exposure between two banks (`scaled` network). Default 0.2. */
  density: number;
  /** Mean number of loans per bank (`erdos-renyi` network; Gai–Kapadia's z). Default 4. */
  meanDegree: number;
  /** Interbank assets as a share of each bank's total assets (`erdos-renyi` network). Default 0.2. */
  interbankShare: number;
  /**
   * Equity as a share of every bank's total assets; null (default) draws it per bank, 6–16 %.
   */
  capitalShare: number | null;
  /**
   * Rank of deposits against interbank debt in a default: `pari-passu` (default; Eisenberg–Noe)
   * shares the estate in proportion to the claims, `senior` pays depositors first.
   */
  depositSeniority: DepositSeniority;
  /**
   * Most a defaulter's interbank creditors recover, as a share of their nominal claims; null
   * (default) leaves it to the clearing (what the estate can pay). 0 = Gai–Kapadia's zero recovery.
   */
  interbankRecovery: number | null;
  /**
   * Whether the market moves between shocks: returns, interest, loan losses and cures, distress
   * sales and fire-sale price impact (default true). False leaves only shocks and clearing.
   */
  marketDynamics: boolean;
  /** Whether the player's bank gets decisions (default true). */
  decisions: boolean;
  /**
   * `random-bank-failure`: at timestep 1 one bank drawn from the seed fails (a `credit_loss` of
   * 100 % of its loans), the Gai–Kapadia experiment's trigger. Default `none`.
   */
  trigger: 'none' | 'random-bank-failure';
  /**
   * When a bank's losses make it fail. `capital-exhausted` (default): at equity ≤ 0 — a loss
   * exactly equal to its capital fails it, as in Gai & Kapadia's solvency condition (a bank stays
   * solvent only while its net worth is > 0, their eq. 2.1). `loss-exceeds-capital`: only when the
   * loss is larger than its capital, as in their vulnerability condition (K / A_IB < 1 / j). The
   * two differ only on exact ties, which the Gai–Kapadia parameters hit: 4 % capital against one of
   * five equal loans of 20 % of assets.
   */
  defaultAt: DefaultRule;
  /**
   * Rounding margin (millions, ≥ 0) for `defaultAt`: `capital-exhausted` fails a bank at equity ≤
   * +margin, `loss-exceeds-capital` only below −margin, so a tie is decided by the rule and not by
   * the last bit of a float. Default 0 (the `default` preset's exact rule); `gai-kapadia` 1e-6.
   */
  solvencyTolerance: number;
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

/** The model presets (`MODEL_PRESETS` describes each). */
export type ModelPresetName = 'default' | 'gai-kapadia';
export type NetworkModel = 'scaled' | 'erdos-renyi';
export type DepositSeniority = 'pari-passu' | 'senior';
export type DefaultRule = 'capital-exhausted' | 'loss-exceeds-capital';

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
  /**
   * The engine's whole state as text, exact to the last bit (`restoreEngine(config, text)`
   * continues it byte for byte): a cluster owner's periodic checkpoint. Optional for engines
   * that cannot be checkpointed (test doubles); their runs are rebuilt from the start.
   */
  serialize?(): string;
}

/**
 * The engine `createEngine` returns: a `ContagionEngine` that also accounts for where the
 * system's equity went in the last step (conservation audits and tests).
 */
export interface AuditedContagionEngine extends ContagionEngine {
  /** Flows between the previous and the latest `simulation_step` snapshot. */
  ledger(): StepLedger;
  serialize(): string;
}
