import type {
  CreateSimulationRequest,
  DecisionAnswerAck,
  DecisionChoice,
  DecisionPolicy,
  DecisionRecord,
  Envelope,
  EventType,
  EventsResponse,
  ModelPresetName,
  ProtocolError,
  ShockInput,
  SimulationSummary,
  SnapshotResponse,
  StepEncoding,
  TimelineResponse,
} from '@simstream/protocol';
import type { ContagionEngine, EngineConfig } from '@simstream/simulation';
import type { MaybePromise } from './maybePromise.js';
import type { RuntimeCheckpoint } from './runtime/checkpoint.js';

/** Injected time source, so server (real timers) and mock/tests (fake timers) share the runtime. */
export interface Clock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface HubOptions {
  clock?: Clock;
  /** Events kept per simulation for replay (ring buffer). Default 5,000. */
  logCapacity?: number;
  /** A full `simulation_step` every N steps for delta subscribers. Default 10. */
  keyframeInterval?: number;
  /** Defaults for `create()`; fields of the request win. */
  defaults?: Partial<RuntimeDefaults>;
  /** Most simulations at once (create refuses beyond). Default 100. */
  maxSimulations?: number;
  /**
   * Called with errors the runtime caught instead of crashing: a throwing listener, a
   * throwing engine step. Default: ignore (the runtime keeps going either way).
   */
  onError?: (error: unknown, context: HubErrorContext) => void;
  /** Builds engines; default `createEngine` from `@simstream/simulation`. Tests may inject one. */
  createEngine?: EngineFactory;
}

/** Where a caught error happened. */
export interface HubErrorContext {
  simulationId: string;
  where: 'listener' | 'step';
}

/** The engine settings the hub decides; the engine fills in the rest of its config. */
export type HubEngineConfig = Pick<
  EngineConfig,
  | 'simulationId'
  | 'seed'
  | 'preset'
  | 'meanDegree'
  | 'banks'
  | 'funds'
  | 'density'
  | 'maxTimesteps'
  | 'decisionPolicy'
  | 'run'
>;

/** Makes a fresh engine (at create and at every reset). */
export type EngineFactory = (config: HubEngineConfig) => ContagionEngine;

/** Continues an engine from its `serialize()` text (a runtime restored from a checkpoint). */
export type EngineRestorer = (config: HubEngineConfig, state: string) => ContagionEngine;

export interface RuntimeDefaults {
  seed: number;
  /** The engine's model preset; its own sizes apply to fields the request leaves out. */
  preset: ModelPresetName;
  /** Mean degree of the `gai-kapadia` network. */
  meanDegree: number;
  banks: number;
  funds: number;
  density: number;
  stepIntervalMs: number;
  maxTimesteps: number | null;
  decisionPolicy: DecisionPolicy;
  autoStart: boolean;
}

/** What a subscriber of a runtime receives: the events of one tick (or one command), coalesced. */
export type TickListener = (events: readonly Envelope[]) => void;

/** Result of a replay request. */
export type ReplayResult =
  | { resync: false; events: Envelope[]; currentSeq: number }
  | { resync: true; currentSeq: number };

export type HubResult<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

/** Per-subscriber view of an envelope: filter by type and encode steps (full or delta). */
export interface SubscriberView {
  types: ReadonlySet<EventType> | null;
  steps: StepEncoding;
}

/**
 * One running simulation: drives the engine on the clock, stamps gapless `seq`s, keeps the
 * event log, replays, and arbitrates decisions exactly once (idempotency keys included).
 */
export interface SimulationRuntime {
  readonly id: string;
  /** Seq of the newest event (0 before any). */
  readonly seq: number;
  /**
   * Id of this runtime's life, made when it is created. `reset()` keeps it (seq keeps
   * counting); a new runtime — e.g. after a server restart — has another, so a client can
   * tell that its `lastSeq` belongs to a stream that no longer exists.
   */
  readonly epoch: string;
  /** The settings it was created with (defaults merged). */
  readonly settings: Readonly<RuntimeDefaults>;
  /**
   * True while the clock drives the engine (also while a decision holds the market paused):
   * the runtime costs work each interval. False when stopped by the operator, finished or disposed.
   */
  readonly ticking: boolean;
  summary(viewers?: number): SimulationSummary;
  /** Current snapshot, the seq it is current to, and the epoch. */
  snapshot(): SnapshotResponse;
  /**
   * The snapshot at a past timestep of the current run (the newest when omitted) from the
   * event log, with the range of timesteps still held; outside it, the nearest held one.
   */
  timeline(timestep?: number): TimelineResponse;
  /**
   * Events with seq > since (at most `limit`), or resync when they left the log or `epoch`
   * (the epoch `since` belongs to, when the caller knows it) is not this runtime's.
   */
  eventsSince(since: number, limit?: number, epoch?: string): EventsResponse;
  /** Events with seq > sinceSeq, or resync (as for `eventsSince`). */
  replay(sinceSeq: number, epoch?: string): ReplayResult;
  /** Listen to new events; called once per tick/command with all its envelopes. */
  onEvents(listener: TickListener): () => void;
  /** Encode envelopes for one subscriber (drops filtered types, turns steps into deltas between keyframes). */
  viewFor(events: readonly Envelope[], view: SubscriberView): Envelope[];
  decisions(): DecisionRecord[];
  applyShock(shock: ShockInput): HubResult<{ queued: true }>;
  answerDecision(input: {
    decisionId: string;
    choice: DecisionChoice;
    idempotencyKey: string;
    answeredBy: string | null;
  }): DecisionAnswerAck;
  start(): void;
  pause(): void;
  resume(): void;
  /** Restart from timestep 0 with the same config (seq keeps increasing; a resync for clients). */
  reset(): void;
  /** Run one step now (tests and manual stepping). */
  stepNow(): readonly Envelope[];
  /**
   * Everything it holds between batches, as data (`createSimulationRuntime({ …, from })`
   * continues it exactly); null when its engine cannot be serialized.
   */
  checkpoint(): RuntimeCheckpoint | null;
  dispose(): void;
}

export interface SimulationHub {
  create(request?: CreateSimulationRequest): HubResult<SimulationRuntime>;
  get(id: string): SimulationRuntime | undefined;
  list(): SimulationRuntime[];
  remove(id: string): boolean;
  dispose(): void;
}

/**
 * A runtime as the server core uses it: reads are synchronous (served from memory), while
 * mutations may answer later — on a Redis node they are logged (and, for a simulation another
 * node owns, carried to that owner) before they are acknowledged. An embedded
 * `SimulationRuntime` is one, answering at once.
 */
export interface CoreRuntime
  extends Pick<
    SimulationRuntime,
    | 'id'
    | 'seq'
    | 'epoch'
    | 'settings'
    | 'ticking'
    | 'summary'
    | 'snapshot'
    | 'timeline'
    | 'eventsSince'
    | 'replay'
    | 'onEvents'
    | 'viewFor'
    | 'decisions'
  > {
  applyShock(shock: ShockInput): MaybePromise<HubResult<{ queued: true }>>;
  answerDecision(
    input: Parameters<SimulationRuntime['answerDecision']>[0],
  ): MaybePromise<DecisionAnswerAck>;
  /**
   * Pause, resume or reset. A runtime that could not (a cluster node whose simulation is
   * changing owner, or whose Redis is away) answers the refusal instead of throwing it, so
   * the caller gets its code and sentence (e.g. 503 `unavailable`), not a 500.
   */
  pause(): MaybePromise<ControlAnswer>;
  resume(): MaybePromise<ControlAnswer>;
  reset(): MaybePromise<ControlAnswer>;
}

/** Why a pause, resume or reset was not carried out. */
export type ControlRefusal = { ok: false; error: ProtocolError };
/** Nothing when a control was carried out (the embedded runtime's `void`), else the refusal. */
// biome-ignore lint/suspicious/noConfusingVoidType: the embedded runtime's controls return void.
export type ControlAnswer = ControlRefusal | void;

/**
 * The hub as the server core uses it: the embedded `SimulationHub`, or a cluster node's hub
 * whose create and remove are written to Redis before they answer.
 */
export interface CoreHub {
  create(request?: CreateSimulationRequest): MaybePromise<HubResult<CoreRuntime>>;
  get(id: string): CoreRuntime | undefined;
  /**
   * Look up a simulation `get` does not know yet (a cluster node asks Redis for one another
   * node created a moment ago). Optional: the embedded hub knows every simulation.
   */
  find?(id: string): Promise<CoreRuntime | undefined>;
  /**
   * The simulation once this node holds everything logged before the call (`find` included):
   * a cluster node's copy trails the shared log by a read, and a client that already got newer
   * events from another node must not be answered from the older state. REST reads and
   * subscribes ask this. Optional: the embedded hub is always current.
   */
  current?(id: string): Promise<CoreRuntime | undefined>;
  list(): CoreRuntime[];
  /** False for an unknown id; a refusal when it cannot delete now (a cluster's Redis away). */
  remove(id: string): MaybePromise<boolean | ControlRefusal>;
  dispose(): void;
}
