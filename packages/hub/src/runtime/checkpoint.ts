import {
  type DecisionAnswerAck,
  type DecisionRecord,
  decisionAnswerAckSchema,
  decisionRecordSchema,
  type ParseResult,
  parseMessage,
  type SimulationSnapshot,
  simulationSnapshotSchema,
} from '@simstream/protocol';
import * as v from 'valibot';
import type { HubEngineConfig, RuntimeDefaults } from '../types.js';

/** Bumped whenever the checkpoint's shape changes: an older one is refused, not misread. */
export const RUNTIME_CHECKPOINT_VERSION = 2;

/**
 * A simulation runtime between two batches, as data: with the settings it was created with,
 * `createSimulationRuntime({ …, from })` continues it exactly — the same seqs, events, acks and
 * deadlines as the runtime it was taken from. A cluster owner writes one every few hundred
 * steps, so a node taking over replays the inputs after it instead of the whole run.
 */
export interface RuntimeCheckpoint {
  v: typeof RUNTIME_CHECKPOINT_VERSION;
  /** Seq of the newest event stamped when it was taken. */
  seq: number;
  /** Runs so far (0 = the first; each reset adds one). */
  run: number;
  /** When the simulation was created (ISO 8601): its summary says so after a restore too. */
  createdAt: string;
  /** The engine's state (`engine.serialize()`), restored by `restoreEngine`. */
  engine: string;
  operatorPaused: boolean;
  /**
   * The snapshot viewers hold at `seq` (the last step's, with status changes since), which a
   * decision's action between steps makes differ from the engine's state.
   */
  snapshot: SimulationSnapshot;
  /** Whether the clock was driving it (deadlines are wall-clock times only then). */
  ticking: boolean;
  /** Where the current run started: the timeline's timestep 0. */
  runStart: { seq: number; snapshot: SimulationSnapshot };
  /** The decision book, oldest first, and the acks given by idempotency key. */
  decisions: DecisionRecord[];
  acks: Array<[string, DecisionAnswerAck]>;
  /** Steps left before each pending decision's deadline. */
  deadlines: Array<[string, number]>;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const runtimeCheckpointSchema = v.object({
  v: v.literal(RUNTIME_CHECKPOINT_VERSION),
  seq: count,
  run: count,
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  engine: v.string(),
  operatorPaused: v.boolean(),
  snapshot: simulationSnapshotSchema,
  ticking: v.boolean(),
  runStart: v.object({ seq: count, snapshot: simulationSnapshotSchema }),
  decisions: v.array(decisionRecordSchema),
  acks: v.array(v.tuple([v.string(), decisionAnswerAckSchema])),
  deadlines: v.array(v.tuple([v.string(), v.pipe(v.number(), v.integer())])),
});

/**
 * Check untrusted data (e.g. read back from Redis) against the checkpoint's schema. The engine
 * state inside is checked when it is restored.
 *
 * @example
 * const parsed = parseRuntimeCheckpoint(JSON.parse(text));
 * if (!parsed.ok) log.warn(parsed.error.message); // "Invalid checkpoint: seq: …"
 */
export function parseRuntimeCheckpoint(raw: unknown): ParseResult<RuntimeCheckpoint> {
  return parseMessage(runtimeCheckpointSchema, raw, 'checkpoint') as ParseResult<RuntimeCheckpoint>;
}

/**
 * The engine config of run `run` of a simulation: what a fresh engine is made with at create and
 * at each reset, and what a checkpoint's engine is restored with.
 *
 * @example
 * createEngine(engineConfigOf('sim-1', settings, 0));
 */
export function engineConfigOf(
  simulationId: string,
  settings: Readonly<RuntimeDefaults>,
  run: number,
): HubEngineConfig {
  return {
    simulationId,
    seed: settings.seed,
    preset: settings.preset,
    meanDegree: settings.meanDegree,
    banks: settings.banks,
    funds: settings.funds,
    density: settings.density,
    maxTimesteps: settings.maxTimesteps,
    decisionPolicy: { ...settings.decisionPolicy },
    run,
  };
}
