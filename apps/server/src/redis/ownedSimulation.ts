import {
  type EngineFactory,
  type HubErrorContext,
  type HubResult,
  type RuntimeCheckpoint,
  type RuntimeDefaults,
  type SimulationRuntime,
  createSimulationRuntime,
} from '@simstream/hub';
import type { DecisionAnswerAck, Envelope, ShockInput } from '@simstream/protocol';
import { applyInput } from './applyInput.js';
import { LogClock } from './logClock.js';
import { refusals } from './refusals.js';
import type { Lease, RedisRuntimeStore, StoredInput, TickWrite } from './runtimeStore.js';

type AnswerInput = Parameters<SimulationRuntime['answerDecision']>[0];

/** A mutation of a simulation, as any node hands it to the simulation's owner. */
export type ClusterCommand =
  | { kind: 'shock'; shock: ShockInput }
  | { kind: 'answer'; answer: AnswerInput }
  | { kind: 'pause' | 'resume' | 'reset' };

/** What the owner answers: the shock's result, the decision ack, or `{ ok: true }` for a control. */
export type CommandResult = HubResult<{ queued: true }> | DecisionAnswerAck | { ok: true };

/** A command's answer and the seq of the log once its events were written (0: it wrote none). */
export interface Executed {
  result: CommandResult;
  seq: number;
  /**
   * The owner lost its lease before logging the command, so it was not applied here: a
   * command from the stream is left there for the next owner, which applies and answers it.
   */
  handedOver?: true;
}

/** What a simulation is, as Redis keeps it. */
export interface SimulationRecord {
  id: string;
  settings: RuntimeDefaults;
  epoch: string;
  createdAt: string;
}

export interface OwnerDeps {
  store: RedisRuntimeStore;
  lease: Lease;
  record: SimulationRecord;
  createEngine: EngineFactory;
  keyframeInterval: number;
  /** Write a checkpoint of the runtime with every this many steps (0 or absent: never). */
  checkpointSteps?: number;
  /** Continue from this checkpoint instead of the simulation's start (a takeover). */
  from?: RuntimeCheckpoint;
  onError?: (error: unknown, context: HubErrorContext) => void;
  /** The lease is gone (fenced write, lost renewal): this node stopped stepping. */
  onDeposed(reason: string): void;
}

interface QueuedWrite {
  write: TickWrite;
  resolve(seq: number): void;
  reject(error: Error): void;
}

/** Thrown to commands waiting on a write that an owner lost its lease before making. */
export class DeposedError extends Error {
  override name = 'DeposedError';
}

const RETRY_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one node that steps a simulation: an ordinary embedded runtime (the engine, seqs,
 * decisions) whose every input is logged. Each tick and each command is applied with the
 * clock held at its time, and its events and input go to Redis in one fenced, atomic write,
 * in order; viewers (on every node, this one included) see events only once they are read
 * back from the log. While a write waits for Redis, ticks are skipped — the owner stops
 * stepping when it cannot log. A fenced write means another node owns the simulation now:
 * this one stops at once.
 *
 * @example
 * const owned = new OwnedSimulation({ store, lease, record, createEngine, keyframeInterval: 10, onDeposed });
 * owned.goLive();
 * await owned.execute({ kind: 'pause' });
 */
export class OwnedSimulation {
  readonly driver: SimulationRuntime;
  readonly clock: LogClock;
  readonly #deps: OwnerDeps;
  readonly #queue: QueuedWrite[] = [];
  #collected: Envelope[] = [];
  #writing = false;
  #deposed = false;
  /** Steps since the last checkpoint (replayed ones too): one is written when it reaches `checkpointSteps`. */
  #stepsSinceCheckpoint = 0;
  /** When the write at the head of the queue started (null: nothing waiting for Redis). */
  #waitingSince: number | null = null;

  constructor(deps: OwnerDeps) {
    this.#deps = deps;
    const { record } = deps;
    this.clock = new LogClock((tick) => this.#tick(tick));
    this.driver = this.clock.at(Date.parse(record.createdAt), () =>
      createSimulationRuntime({
        id: record.id,
        settings: record.settings,
        clock: this.clock,
        createEngine: deps.createEngine,
        // The driver's own log only counts seqs: viewers are served from the node's replica.
        logCapacity: 64,
        keyframeInterval: deps.keyframeInterval,
        epoch: record.epoch,
        ...(deps.from ? { from: deps.from } : {}),
        ...(deps.onError ? { onError: deps.onError } : {}),
      }),
    );
    this.driver.onEvents((events) => this.#collected.push(...events));
  }

  get lease(): Lease {
    return this.#deps.lease;
  }

  get deposed(): boolean {
    return this.#deposed;
  }

  /** Since when a write has been waiting for Redis (ms), or null. */
  get waitingSince(): number | null {
    return this.#waitingSince;
  }

  /** Re-apply one logged input at its logged time (a rebuild); returns the events it made. */
  replayInput(input: StoredInput): Envelope[] {
    if (input.kind === 'step') this.#stepsSinceCheckpoint += 1;
    this.clock.at(input.at ?? Date.now(), () => applyInput(this.driver, input));
    return this.#collected.splice(0);
  }

  /** Start stepping on the real clock (after creation or a rebuild). */
  goLive(): void {
    if (!this.#deposed) this.clock.goLive();
  }

  /**
   * Apply a command, log it, and answer once it is in Redis. `cursor` is the command-stream
   * id it came from (a remote command), written with it so a later owner does not apply it again.
   */
  async execute(command: ClusterCommand, cursor?: string): Promise<Executed> {
    if (this.#deposed) return handedOver();
    try {
      if (command.kind === 'answer') {
        const { store, record } = this.#deps;
        const stored = await store.answer(record.id, command.answer.idempotencyKey);
        if (stored) {
          if (cursor) await this.#enqueue({ inputs: [], events: [], cursor });
          return { result: stored, seq: 0 };
        }
      }
      const { result, write } = this.#apply(command);
      const seq = await this.#enqueue(cursor ? { ...write, cursor } : write);
      return { result, seq: write.events.length > 0 ? seq : 0 };
    } catch (error) {
      if (error instanceof DeposedError) return handedOver();
      throw error;
    }
  }

  /** Stop: deposed (fenced, lease lost) or shutting down. Waiting commands fail. */
  depose(reason: string): void {
    if (this.#deposed) return;
    this.#deposed = true;
    this.clock.stop();
    this.driver.dispose();
    for (const queued of this.#queue.splice(0)) queued.reject(new DeposedError(reason));
    this.#deps.onDeposed(reason);
  }

  /** Graceful hand-over: stop stepping, let the queued writes land (bounded), free the lease. */
  async release(timeoutMs = 2_000): Promise<void> {
    this.clock.stop();
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length > 0 && Date.now() < deadline) await sleep(20);
    const lease = this.#deps.lease;
    this.depose('released');
    await this.#deps.store.releaseLease(lease).catch(() => false);
  }

  #tick(tick: () => void): void {
    // The previous tick is not in Redis yet: skip this one rather than step unlogged.
    if (this.#deposed || this.#queue.length > 0) return;
    const timestep = this.driver.summary().timestep;
    const at = Date.now();
    this.clock.at(at, tick);
    const events = this.#collected.splice(0);
    const inputs: StoredInput[] = [{ kind: 'step', timestep, at }];
    // A decision's deadline default happens inside the step: logged beside it, applied once.
    for (const event of events) {
      if (event.type === 'decision_resolved' && event.data.resolved_by === 'deadline') {
        const data = { decisionId: event.data.decision_id, choice: event.data.choice };
        inputs.push({ kind: 'deadline', timestep: event.data.timestep, at, data });
      }
    }
    const checkpoint = this.#checkpointDue();
    this.#enqueue({ inputs, events, ...(checkpoint ? { checkpoint } : {}) }).catch(() => {});
  }

  /** The runtime as it stands after this tick, when a checkpoint is due (written with the tick). */
  #checkpointDue(): TickWrite['checkpoint'] | null {
    this.#stepsSinceCheckpoint += 1;
    const every = this.#deps.checkpointSteps ?? 0;
    if (every <= 0 || this.#stepsSinceCheckpoint < every) return null;
    const taken = this.driver.checkpoint();
    if (!taken) return null;
    this.#stepsSinceCheckpoint = 0;
    return { state: JSON.stringify(taken), timestep: this.driver.summary().timestep };
  }

  /** Apply a command to the engine now (clock held); what to write for it. */
  #apply(command: ClusterCommand): { result: CommandResult; write: TickWrite } {
    const timestep = this.driver.summary().timestep;
    const at = Date.now();
    const input: StoredInput =
      command.kind === 'shock'
        ? { kind: 'shock', timestep, at, data: command.shock }
        : command.kind === 'answer'
          ? { kind: 'answer', timestep, at, data: command.answer }
          : { kind: command.kind, timestep, at };
    const result = this.clock.at(at, () => applyInput(this.driver, input)) as CommandResult;
    const events = this.#collected.splice(0);
    if (command.kind === 'answer') {
      const ack = result as DecisionAnswerAck;
      const accepted = ack.ok && ack.status === 'accepted';
      const answers = ack.ok ? [[command.answer.idempotencyKey, ack] as const] : [];
      return { result, write: { inputs: accepted ? [input] : [], events, answers } };
    }
    const applied = command.kind !== 'shock' || (result as HubResult<unknown>).ok;
    return { result, write: { inputs: applied ? [input] : [], events } };
  }

  #enqueue(write: TickWrite): Promise<number> {
    const empty =
      write.inputs.length === 0 &&
      write.events.length === 0 &&
      (write.answers?.length ?? 0) === 0 &&
      write.cursor === undefined;
    if (empty) return Promise.resolve(0);
    if (this.#deposed) return Promise.reject(new DeposedError('deposed'));
    const written = new Promise<number>((resolve, reject) => {
      this.#queue.push({ write, resolve, reject });
    });
    void this.#drain();
    return written;
  }

  /** Write the queue in order; a Redis error retries the same write, a fence deposes. */
  async #drain(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    const { store, lease } = this.#deps;
    try {
      while (this.#queue.length > 0 && !this.#deposed) {
        const next = this.#queue[0] as QueuedWrite;
        this.#waitingSince ??= Date.now();
        let result: Awaited<ReturnType<RedisRuntimeStore['appendTick']>>;
        try {
          result = await store.appendTick(lease, next.write);
        } catch {
          await sleep(RETRY_MS);
          continue;
        }
        this.#waitingSince = null;
        if (!result.ok) {
          this.depose(`write refused (${result.reason})`);
          return;
        }
        this.#queue.shift();
        next.resolve(result.seq);
      }
    } finally {
      this.#writing = false;
      this.#waitingSince = null;
    }
  }
}

function handedOver(): Executed {
  return { result: { ok: false, error: refusals.changingOwner() }, seq: 0, handedOver: true };
}
