import {
  type EngineEvent,
  type ShockInput,
  type SimulationSnapshot,
  parseMessage,
  shockInputSchema,
} from '@simstream/protocol';
import { resolveConfig } from './config.js';
import {
  createDecisionDesk,
  type DecisionDesk,
  type RunState,
  statusEvent,
} from './decisionDesk.js';
import { parseEngineState, serializeEngineState } from './engineState.js';
import { createErdosRenyiMarket } from './erdosRenyiSetup.js';
import { createLedgerBook, type LedgerBook } from './ledgerBook.js';
import type { MarketState } from './market.js';
import { stepMarket } from './marketStep.js';
import { createPrng, deriveSeed, type Prng } from './prng.js';
import { createInitialMarket, entityId } from './setup.js';
import {
  closeDefaulted,
  createExposureNetwork,
  type ExposureNetwork,
  exposureSnapshot,
} from './network.js';
import { buildSnapshot, exposureList } from './snapshotView.js';
import type { AuditedContagionEngine, EngineConfig, ShockResult } from './types.js';

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

/** The timestep-0 market of the config's network model. */
function initialMarket(config: Readonly<EngineConfig>): MarketState {
  return config.network === 'erdos-renyi'
    ? createErdosRenyiMarket(config)
    : createInitialMarket(config);
}

/**
 * The shocks the config's trigger adds at timestep 1: for `random-bank-failure`, a `credit_loss`
 * of 100 % on one bank drawn from the seed (its own stream, so the network does not move it).
 */
function triggerSchedule(config: Readonly<EngineConfig>): EngineConfig['shockSchedule'] {
  if (config.trigger !== 'random-bank-failure') return [];
  const pick = Math.floor(createPrng(deriveSeed(config.seed, 3)).next() * config.banks);
  const target = entityId('bank', pick + 1);
  return [{ timestep: 1, shock: { shock_type: 'credit_loss', target, magnitude: 1 } }];
}

/** Why the run is over after step `t`, or null while it goes on. */
function finishReason(market: MarketState, config: Readonly<EngineConfig>, t: number) {
  if (!market.books.some((b) => b.alive && b.type === 'bank')) return 'all_banks_defaulted';
  if (config.maxTimesteps !== null && t >= config.maxTimesteps) return 'max_timesteps';
  return null;
}

/** A validated shock the market can take now, or why not. */
function checkShock(
  market: MarketState,
  run: Readonly<RunState>,
  shock: ShockInput,
): { ok: true; shock: ShockInput } | { ok: false; message: string } {
  const parsed = parseMessage(shockInputSchema, shock, 'shock');
  if (!parsed.ok)
    return {
      ok: false,
      message:
        parsed.error.issues
          ?.map((i) => `${i.path === '(root)' ? 'shock' : i.path}: ${i.message}`)
          .join('; ') ?? parsed.error.message,
    };
  if (run.status === 'finished') return { ok: false, message: 'the simulation has finished' };
  const error = shockTargetError(market, parsed.value);
  return error ? { ok: false, message: error } : { ok: true, shock: parsed.value };
}

/** The operator pauses a running simulation (nothing happens otherwise). */
function operatorPause(run: RunState, reason: string | undefined): EngineEvent[] {
  if (run.status !== 'running') return [];
  run.status = 'paused';
  run.pausedBy = 'operator';
  return [statusEvent(run, 'paused', reason ?? 'operator')];
}

/** The operator resumes what the operator paused (a decision's pause is the desk's). */
function operatorResume(run: RunState): EngineEvent[] {
  if (run.status !== 'paused' || run.pausedBy !== 'operator') return [];
  run.status = 'running';
  run.pausedBy = null;
  return [statusEvent(run, 'running', 'operator')];
}

/** The `simulation_step` event of timestep `t`. */
function stepEvent(t: number, snapshot: SimulationSnapshot): EngineEvent {
  return {
    type: 'simulation_step',
    data: {
      timestep: t,
      snapshot,
      system_health: snapshot.system_health,
      alive_agents: snapshot.alive_agents,
    },
  };
}

/** The engine's mutable parts: made fresh from the config, or restored from a checkpoint. */
interface EngineParts {
  market: MarketState;
  rng: Prng;
  queued: ShockInput[];
  run: RunState;
  ledger: LedgerBook;
  desk: DecisionDesk;
  network: ExposureNetwork;
}

function freshParts(config: Readonly<EngineConfig>): EngineParts {
  const market = initialMarket(config);
  const run: RunState = { timestep: 0, status: 'running', pausedBy: null };
  return {
    market,
    rng: createPrng(deriveSeed(config.seed, 2)),
    queued: [],
    run,
    ledger: createLedgerBook(market),
    desk: createDecisionDesk(market, config, run),
    network: createExposureNetwork(market),
  };
}

function restoredParts(config: Readonly<EngineConfig>, text: string): EngineParts {
  const { state, market } = parseEngineState(text, config);
  const run = state.runState;
  return {
    market,
    rng: createPrng(state.rng),
    queued: state.queued,
    run,
    ledger: createLedgerBook(market, state.ledger),
    desk: createDecisionDesk(market, config, run, state.desk),
    network: { claims: state.claims.map((claim) => Object.freeze(claim)) },
  };
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
  const parts = freshParts(config);
  const schedule = [...triggerSchedule(config), ...config.shockSchedule];
  for (const entry of schedule) {
    const error = shockTargetError(parts.market, entry.shock);
    if (error) throw new RangeError(`engine config: shockSchedule at ${entry.timestep}: ${error}`);
  }
  return assembleEngine(config, parts);
}

/**
 * Continue an engine from `serialized` (what its `serialize()` returned), with the config it was
 * created with: it then answers and steps exactly as the serialized one would have, byte for
 * byte. Throws `EngineStateError` (with a sentence saying what is wrong) for text that is not a
 * state of this config's engine — a cluster node then rebuilds from the start instead.
 *
 * @example
 * const text = engine.serialize();                  // at step k
 * const twin = restoreEngine(engine.config, text);  // twin.step() equals engine.step() from here on
 */
export function restoreEngine(
  input: Partial<EngineConfig> & { simulationId: string },
  serialized: string,
): AuditedContagionEngine {
  const config = Object.freeze(resolveConfig(input));
  return assembleEngine(config, restoredParts(config, serialized));
}

function assembleEngine(
  config: Readonly<EngineConfig>,
  parts: EngineParts,
): AuditedContagionEngine {
  const { market, rng, queued, run, ledger, desk, network } = parts;
  const schedule = [...triggerSchedule(config), ...config.shockSchedule];

  const snapshot = () => ({
    ...buildSnapshot(market, {
      simulationId: config.simulationId,
      timestep: run.timestep,
      status: run.status,
      playerEntityId: config.playerEntityId,
    }),
    exposures: exposureSnapshot(network),
  });

  /** One timestep of the market, then its snapshot, its ledger and the decisions it raises. */
  function advanceMarket(): EngineEvent[] {
    const t = run.timestep + 1;
    const shocks = [
      ...schedule.filter((e) => e.timestep === t).map((e) => e.shock),
      ...queued.splice(0),
    ];
    const events = stepMarket(market, { timestep: t, shocks, rng, config });
    closeDefaulted(network, events, t);
    run.timestep = t;
    const finished = finishReason(market, config, t);
    if (finished) run.status = 'finished';
    events.push(stepEvent(t, snapshot()));
    ledger.close(t);
    events.push(...desk.expire(t));
    if (finished) events.push(statusEvent(run, 'finished', finished));
    else if (config.decisions) events.push(...desk.raise(t));
    return events;
  }

  return {
    config,
    get timestep() {
      return run.timestep;
    },
    get status() {
      return run.status;
    },
    snapshot,
    pendingDecision: desk.pending,
    step() {
      if (run.status === 'finished') return [];
      if (run.status === 'paused') {
        // Paused for a decision: the market stands still, only the deadline clock runs.
        return run.pausedBy === 'decision' ? desk.waitPaused() : [];
      }
      return advanceMarket();
    },
    applyShock(shock: ShockInput): ShockResult {
      const checked = checkShock(market, run, shock);
      if (!checked.ok) return checked;
      queued.push(checked.shock);
      return { ok: true };
    },
    answerDecision: desk.answer,
    pause: (reason) => operatorPause(run, reason),
    resume: () => operatorResume(run),
    exposures: () => exposureList(market),
    ledger: ledger.last,
    serialize: () =>
      serializeEngineState({
        simulationId: config.simulationId,
        seed: config.seed,
        run: config.run,
        market,
        rng: rng.state(),
        queued,
        runState: run,
        ledger: ledger.state(),
        desk: desk.state(),
        claims: network.claims,
      }),
  };
}
