export { createEngine, restoreEngine } from './engine.js';
export { EngineStateError } from './engineState.js';
export { DEFAULT_ENGINE_CONFIG } from './config.js';
export { clearingVector } from './clearing.js';
export type { ClearingInput, ClearingResult } from './clearing.js';
export { createPrng, deriveSeed } from './prng.js';
export type { Prng } from './prng.js';
export { FLOW_NAMES, totalFlow } from './ledger.js';
export type { LedgerFlows, StepLedger } from './ledger.js';
export { CAPITAL_FLOOR, DECISION_COOLDOWN_STEPS } from './decisions.js';
export type { DecisionTrigger } from './decisions.js';
export type {
  AnswerDecisionResult,
  AuditedContagionEngine,
  ContagionEngine,
  EngineConfig,
  ShockResult,
} from './types.js';
export { MAX_BANKS } from './config.js';
export { MODEL_PRESET_NAMES, MODEL_PRESETS } from './presets.js';
export type { ModelPreset } from './presets.js';
export type {
  DefaultRule,
  DepositSeniority,
  ModelPresetName,
  NetworkModel,
} from './types.js';
