import { parseMessage, shockInputSchema } from '@simstream/protocol';
import { MODEL_PRESETS } from './presets.js';
import type { EngineConfig } from './types.js';

/** Defaults for every field but `simulationId`. */
export const DEFAULT_ENGINE_CONFIG: Readonly<Omit<EngineConfig, 'simulationId'>> = Object.freeze({
  seed: 1,
  preset: 'default',
  banks: 25,
  funds: 5,
  network: 'scaled',
  density: 0.2,
  meanDegree: 4,
  interbankShare: 0.2,
  capitalShare: null,
  depositSeniority: 'pari-passu',
  interbankRecovery: null,
  marketDynamics: true,
  decisions: true,
  trigger: 'none',
  defaultAt: 'capital-exhausted',
  solvencyTolerance: 0,
  maxTimesteps: null,
  decisionPolicy: Object.freeze({ npaThreshold: 0.08, pauseOnDecision: false, deadlineSteps: 10 }),
  fireSaleImpact: 0.03,
  recoveryRate: 0.4,
  shockSchedule: Object.freeze([]),
  playerEntityId: 'BANK_001',
  run: 0,
});

/** Largest number of banks (the clearing is dense: its work grows with the square). */
export const MAX_BANKS = 1000;

/**
 * Merge a partial config over its preset's values over the defaults and check it. Throws a `RangeError` naming the
 * field on a programming error (the hub validates untrusted requests before this).
 *
 * @example
 * resolveConfig({ simulationId: 'demo', seed: 7 }).banks; // 25
 */
export function resolveConfig(
  input: Partial<EngineConfig> & { simulationId: string },
): EngineConfig {
  const name = input.preset ?? 'default';
  const preset = Object.hasOwn(MODEL_PRESETS, name) ? MODEL_PRESETS[name] : undefined;
  if (!preset) {
    throw new RangeError(
      `engine config: preset must be one of ${Object.keys(MODEL_PRESETS).join(', ')}`,
    );
  }
  const config: EngineConfig = {
    ...DEFAULT_ENGINE_CONFIG,
    ...preset.config,
    ...input,
    decisionPolicy: { ...DEFAULT_ENGINE_CONFIG.decisionPolicy, ...input.decisionPolicy },
    shockSchedule: [...(input.shockSchedule ?? [])],
  };
  const fail = (field: string, rule: string): never => {
    throw new RangeError(`engine config: ${field} ${rule}`);
  };
  if (!Number.isInteger(config.seed)) fail('seed', 'must be an integer');
  if (!Number.isInteger(config.banks) || config.banks < 1 || config.banks > MAX_BANKS)
    fail('banks', `must be an integer in 1..${MAX_BANKS}`);
  if (!Number.isInteger(config.funds) || config.funds < 0 || config.funds > 999)
    fail('funds', 'must be an integer in 0..999');
  if (!Number.isInteger(config.run) || config.run < 0)
    fail('run', 'must be a non-negative integer');
  if (!(config.density >= 0 && config.density <= 1)) fail('density', 'must be in [0, 1]');
  if (
    config.maxTimesteps !== null &&
    !(Number.isInteger(config.maxTimesteps) && config.maxTimesteps >= 1)
  ) {
    fail('maxTimesteps', 'must be a positive integer or null');
  }
  if (!(config.fireSaleImpact >= 0 && config.fireSaleImpact <= 1))
    fail('fireSaleImpact', 'must be in [0, 1]');
  if (!(config.recoveryRate >= 0 && config.recoveryRate <= 1))
    fail('recoveryRate', 'must be in [0, 1]');
  checkModel(config, fail);
  const policy = config.decisionPolicy;
  if (!(policy.npaThreshold >= 0 && policy.npaThreshold <= 1))
    fail('decisionPolicy.npaThreshold', 'must be in [0, 1]');
  if (!(Number.isInteger(policy.deadlineSteps) && policy.deadlineSteps >= 1))
    fail('decisionPolicy.deadlineSteps', 'must be a positive integer');
  const player = /^BANK_(\d{3,})$/.exec(config.playerEntityId);
  if (!player || Number(player[1]) < 1 || Number(player[1]) > config.banks) {
    fail(
      'playerEntityId',
      `must be one of the banks BANK_001…BANK_${String(config.banks).padStart(3, '0')}`,
    );
  }
  for (const [i, entry] of config.shockSchedule.entries()) {
    if (!(Number.isInteger(entry.timestep) && entry.timestep >= 1))
      fail(`shockSchedule[${i}].timestep`, 'must be a positive integer');
    const parsed = parseMessage(shockInputSchema, entry.shock, 'shock');
    if (!parsed.ok)
      fail(
        `shockSchedule[${i}].shock`,
        parsed.error.issues?.map((x) => x.message).join('; ') ?? parsed.error.message,
      );
  }
  return config;
}

/** The model parameters' rules (network, balance sheets, default resolution). */
function checkModel(config: EngineConfig, fail: (field: string, rule: string) => never): void {
  const within = (x: number, lo: number, hi: number) => x >= lo && x <= hi;
  if (!['scaled', 'erdos-renyi'].includes(config.network))
    fail('network', 'must be "scaled" or "erdos-renyi"');
  if (!(config.meanDegree >= 0)) fail('meanDegree', 'must be ≥ 0');
  // Only the erdos-renyi network draws loans by mean degree (a bank has at most banks − 1).
  if (config.network === 'erdos-renyi' && config.meanDegree > Math.max(0, config.banks - 1))
    fail('meanDegree', 'must be at most banks − 1');
  if (!(config.interbankShare >= 0 && config.interbankShare < 1))
    fail('interbankShare', 'must be in [0, 1)');
  if (config.capitalShare !== null && !(config.capitalShare > 0 && config.capitalShare < 1))
    fail('capitalShare', 'must be in (0, 1) or null');
  if (
    config.capitalShare !== null &&
    config.network === 'erdos-renyi' &&
    config.capitalShare + config.interbankShare >= 1
  )
    fail('capitalShare', 'plus interbankShare must stay below 1');
  if (!['pari-passu', 'senior'].includes(config.depositSeniority))
    fail('depositSeniority', 'must be "pari-passu" or "senior"');
  if (config.interbankRecovery !== null && !within(config.interbankRecovery, 0, 1))
    fail('interbankRecovery', 'must be in [0, 1] or null');
  if (!['none', 'random-bank-failure'].includes(config.trigger))
    fail('trigger', 'must be "none" or "random-bank-failure"');
  if (!['capital-exhausted', 'loss-exceeds-capital'].includes(config.defaultAt))
    fail('defaultAt', 'must be "capital-exhausted" or "loss-exceeds-capital"');
  if (!(config.solvencyTolerance >= 0 && Number.isFinite(config.solvencyTolerance)))
    fail('solvencyTolerance', 'must be a finite number ≥ 0');
}
