import { reduceSnapshot } from '@simstream/client';
import {
  type ControlRefusal,
  type CoreRuntime,
  DecisionBook,
  EventLog,
  type HubResult,
  LoggedSimulation,
  type RunStart,
  type RuntimeDefaults,
} from '@simstream/hub';
import type {
  DecisionAnswerAck,
  DecisionRecord,
  Envelope,
  ShockInput,
  SimulationSnapshot,
  SimulationSummary,
  SnapshotResponse,
} from '@simstream/protocol';
import type { ClusterCommand, Executed } from './ownedSimulation.js';

export interface ReplicaOptions {
  id: string;
  epoch: string;
  settings: RuntimeDefaults;
  createdAt: string;
  /** The seq before the first event this replica will be fed (the oldest retained one − 1). */
  startSeq: number;
  /** The engine's snapshot at timestep 0, when the log still starts at seq 1. */
  start: SimulationSnapshot | null;
  logCapacity: number;
  keyframeInterval: number;
  /** Carry a mutation to the simulation's owner (this node or another) and wait for its answer. */
  send(command: ClusterCommand): Promise<Executed>;
  onListenerError(error: unknown): void;
}

/**
 * A simulation as one cluster node sees it: everything a viewer reads — seq, snapshot,
 * timeline, decisions, replay, per-subscriber encodings — kept in memory from the simulation's
 * event log in Redis, fed in seq order by the node's stream reader (the owner's node too, so
 * nothing reaches a viewer before it is logged). The snapshot is folded from the events with
 * the client's own reducer, so a resync fetches exactly what an undisturbed viewer holds at
 * that seq. Mutations go to the owner and resolve once logged.
 *
 * @example
 * const replica = new Replica({ id, epoch, settings, createdAt, startSeq: 0, start, logCapacity: 5_000, keyframeInterval: 10, send, onListenerError });
 * replica.apply(envelopesReadFromRedis);
 */
export class Replica extends LoggedSimulation implements CoreRuntime {
  readonly id: string;
  readonly settings: RuntimeDefaults;
  readonly #options: ReplicaOptions;
  readonly #book = new DecisionBook();
  #current: SnapshotResponse | null;
  #runStart: RunStart | null;
  #ticking: boolean;
  /** An answer changed the state since the last step: the next step goes out whole. */
  #answeredSinceStep = false;
  /** Commands waiting to see their events here before they answer (read your writes). */
  #waiters: Array<{ seq: number; resolve(): void }> = [];

  constructor(options: ReplicaOptions) {
    super(
      options.epoch,
      new EventLog(options.logCapacity, options.keyframeInterval, options.startSeq),
    );
    this.id = options.id;
    this.settings = options.settings;
    this.#options = options;
    const start = options.startSeq === 0 ? options.start : null;
    this.#current = start ? { seq: 0, epoch: this.epoch, snapshot: start } : null;
    this.#runStart = start ? { seq: 0, snapshot: start } : null;
    this.#ticking = options.settings.autoStart;
  }

  get ticking(): boolean {
    return this.#ticking;
  }

  /** Fold events read from the log (in seq order; ones already held are skipped), then deliver them. */
  apply(envelopes: readonly Envelope[]): void {
    const fresh = envelopes.filter((envelope) => envelope.seq > this.log.currentSeq);
    if (fresh.length === 0) return;
    const resetBatch = fresh.some(
      (e) => e.type === 'simulation_status' && e.data.reason === 'reset',
    );
    for (const envelope of fresh) this.#fold(envelope, resetBatch);
    this.delivery.deliver(fresh);
    const seq = this.seq;
    const due = this.#waiters.filter((waiter) => waiter.seq <= seq);
    this.#waiters = this.#waiters.filter((waiter) => waiter.seq > seq);
    for (const waiter of due) waiter.resolve();
  }

  #fold(envelope: Envelope, resetBatch: boolean): void {
    const isStep = envelope.type === 'simulation_step';
    this.log.append(envelope, { keyframe: isStep && (resetBatch || this.#answeredSinceStep) });
    if (isStep) this.#answeredSinceStep = false;
    if (envelope.type === 'pending_decision') this.#book.recordPending(envelope.data);
    if (envelope.type === 'decision_resolved') {
      this.#book.recordResolved(envelope.data);
      if (envelope.data.resolved_by === 'answer') this.#answeredSinceStep = true;
    }
    if (envelope.type === 'simulation_status') {
      const { status, reason, deadlines } = envelope.data;
      if (reason === 'reset') this.#book.clear();
      for (const moved of deadlines ?? []) {
        this.#book.setDeadlineAt(moved.decision_id, moved.deadline_at);
      }
      if (reason === 'operator') this.#ticking = status === 'running';
      if (status === 'finished') this.#ticking = false;
    }
    if (this.#current) {
      const folded = reduceSnapshot(this.#current, envelope);
      if (folded.ok) this.#current = folded.value;
    } else if (envelope.type === 'simulation_step') {
      this.#current = { seq: envelope.seq, epoch: this.epoch, snapshot: envelope.data.snapshot };
    }
    if (resetBatch && envelope.type === 'simulation_step') {
      this.#runStart = { seq: envelope.seq, snapshot: envelope.data.snapshot };
    }
    this.#runStart ??= this.#current && {
      seq: this.#current.seq,
      snapshot: this.#current.snapshot,
    };
  }

  summary(viewers = 0): SimulationSummary {
    const { settings, id } = this;
    const snapshot = this.#current?.snapshot;
    const engineStatus = snapshot?.status ?? 'running';
    const status = engineStatus === 'running' && !this.#ticking ? 'paused' : engineStatus;
    const timestep = snapshot?.timestep ?? 0;
    const { createdAt } = this.#options;
    return this.summarize({ id, settings, status, timestep, createdAt }, viewers);
  }

  snapshot(): SnapshotResponse {
    if (!this.#current) throw new Error(`Simulation ${this.id} has no snapshot yet.`);
    return { seq: this.seq, epoch: this.epoch, snapshot: this.#current.snapshot };
  }

  protected runStart(): RunStart {
    return this.#runStart ?? { seq: this.seq, snapshot: this.snapshot().snapshot };
  }

  protected onListenerError(error: unknown): void {
    this.#options.onListenerError(error);
  }

  decisions(): DecisionRecord[] {
    return this.#book.list();
  }

  async applyShock(shock: ShockInput): Promise<HubResult<{ queued: true }>> {
    return (await this.#send({ kind: 'shock', shock })) as HubResult<{ queued: true }>;
  }

  async answerDecision(
    answer: Parameters<CoreRuntime['answerDecision']>[0],
  ): Promise<DecisionAnswerAck> {
    return (await this.#send({ kind: 'answer', answer })) as DecisionAnswerAck;
  }

  pause(): Promise<ControlRefusal | undefined> {
    return this.#control('pause');
  }

  resume(): Promise<ControlRefusal | undefined> {
    return this.#control('resume');
  }

  reset(): Promise<ControlRefusal | undefined> {
    return this.#control('reset');
  }

  /** Stop delivering (the simulation was removed or the node shuts down). */
  dispose(): void {
    this.delivery.clear();
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }

  /** A refusal (changing owner, Redis away) is answered, not thrown: the caller shows its code. */
  async #control(kind: 'pause' | 'resume' | 'reset'): Promise<ControlRefusal | undefined> {
    const result = await this.#send({ kind });
    return result.ok ? undefined : result;
  }

  /**
   * Resolves once this replica holds `seq` (true), or after `timeoutMs` without it (false),
   * or when it is disposed (false).
   */
  reached(seq: number, timeoutMs: number): Promise<boolean> {
    if (seq <= this.seq) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== entry);
        resolve(false);
      }, timeoutMs);
      const entry = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve(seq <= this.seq);
        },
      };
      this.#waiters.push(entry);
    });
  }

  /**
   * Send a command and answer once this replica holds the events it made (bounded wait), so a
   * caller reading right after — a summary, a snapshot — sees its own change, and a viewer on
   * this node gets the events before the ack, as on an embedded server.
   */
  async #send(command: ClusterCommand): Promise<Executed['result']> {
    const { result, seq } = await this.#options.send(command);
    await this.reached(seq, READ_YOUR_WRITES_MS);
    return result;
  }
}

/** Longest wait for a command's own events to be read back before answering anyway. */
const READ_YOUR_WRITES_MS = 5_000;
