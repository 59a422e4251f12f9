import {
  type DecisionAnswerAck,
  type EngineEvent,
  type Envelope,
  type ShockInput,
  type SimulationSummary,
  type SnapshotResponse,
  parseMessage,
  protocolError,
  reduceSnapshot,
  shockInputSchema,
} from '@simstream/protocol';
import { type ContagionEngine, restoreEngine } from '@simstream/simulation';
import { DecisionBook } from './decisionBook.js';
import { newEpoch } from './epoch.js';
import { EventLog } from './eventLog.js';
import { LoggedSimulation } from './loggedSimulation.js';
import { type DecisionAnswerInput, arbitrate } from './runtime/arbitration.js';
import {
  RUNTIME_CHECKPOINT_VERSION,
  type RuntimeCheckpoint,
  engineConfigOf,
} from './runtime/checkpoint.js';
import { Deadlines } from './runtime/deadlines.js';
import {
  type StampingContext,
  type StepLogging,
  resetEvents,
  stampEvents,
} from './runtime/stamping.js';
import { Ticker } from './runtime/ticker.js';
import type { RunStart } from './timeline.js';
import type {
  Clock,
  EngineFactory,
  EngineRestorer,
  HubErrorContext,
  HubResult,
  RuntimeDefaults,
  SimulationRuntime,
} from './types.js';

export interface RuntimeOptions {
  id: string;
  settings: RuntimeDefaults;
  clock: Clock;
  createEngine: EngineFactory;
  logCapacity: number;
  keyframeInterval: number;
  onError?: (error: unknown, context: HubErrorContext) => void;
  /**
   * The life this runtime continues (a cluster node rebuilding a simulation from its input
   * log keeps the logged epoch, so viewers' seqs stay valid); a fresh one when omitted.
   */
  epoch?: string;
  /**
   * Continue from this checkpoint (`runtime.checkpoint()` of a runtime with the same id and
   * settings) instead of timestep 0: the engine is restored by `restoreEngine` (default the
   * simulation package's), nothing is emitted, and the next event gets seq `from.seq + 1`.
   */
  from?: RuntimeCheckpoint;
  restoreEngine?: EngineRestorer;
}

/**
 * One simulation driven over time. Its jobs each have a part of their own: the `Ticker`
 * steps it on the clock, `Deadlines` estimates decision deadlines, `stampEvents` gives events
 * their seqs and logs them, `LoggedSimulation` answers reads from the log and hands each
 * batch to listeners in order, and `arbitrate` decides answers exactly once. This class only
 * says when each runs.
 */
class Runtime extends LoggedSimulation implements SimulationRuntime {
  readonly id: string;
  readonly settings: RuntimeDefaults;
  readonly #options: RuntimeOptions;
  readonly #createdAt: string;
  readonly #book = new DecisionBook();
  readonly #ticker: Ticker;
  readonly #deadlines: Deadlines;
  readonly #stamping: StampingContext;
  /** Runs so far (0 = the first): each reset starts a new run, so its decision ids are new. */
  #run = 0;
  #engine: ContagionEngine;
  /** Where the current run started: the timeline's timestep 0 while the log reaches back to it. */
  #runStart: RunStart;
  /**
   * What a viewer folds from the stream up to `seq`: the REST snapshot. Not the engine's state
   * now, which a decision's action changes between steps without an event saying how.
   */
  #current: SnapshotResponse;
  #disposed = false;
  /** Paused by the operator (not by a decision): survives a reset, undone by resume/start. */
  #operatorPaused = false;

  constructor(options: RuntimeOptions) {
    const { logCapacity, keyframeInterval, from } = options;
    super(options.epoch ?? newEpoch(), new EventLog(logCapacity, keyframeInterval, from?.seq ?? 0));
    const { id, settings, clock } = options;
    this.id = id;
    this.settings = settings;
    this.#options = options;
    this.#createdAt = from?.createdAt ?? new Date(clock.now()).toISOString();
    this.#ticker = new Ticker(clock, settings.stepIntervalMs, () => this.stepNow());
    this.#deadlines = new Deadlines(
      clock,
      settings.stepIntervalMs,
      this.#book,
      () => this.#ticker.running,
    );
    this.#stamping = {
      simulationId: id,
      log: this.log,
      book: this.#book,
      deadlines: this.#deadlines,
      now: () => clock.now(),
    };
    if (from) {
      this.#run = from.run;
      this.#engine = (options.restoreEngine ?? restoreEngine)(
        engineConfigOf(id, settings, from.run),
        from.engine,
      );
      this.#runStart = from.runStart;
      this.#operatorPaused = from.operatorPaused;
      this.#current = { seq: from.seq, epoch: this.epoch, snapshot: from.snapshot };
      this.#book.restore(from.decisions, from.acks);
      this.#deadlines.restore(from.deadlines);
      // The deadlines' wall-clock times are in the book already: start without re-estimating.
      if (from.ticking) this.#ticker.start();
      return;
    }
    this.#engine = this.#makeEngine();
    this.#runStart = { seq: 0, snapshot: this.#engine.snapshot() };
    this.#current = { seq: 0, epoch: this.epoch, snapshot: this.#runStart.snapshot };
    if (settings.autoStart) this.#startTicking();
  }

  checkpoint(): RuntimeCheckpoint | null {
    const engine = this.#engine.serialize?.();
    if (engine === undefined) return null;
    return {
      v: RUNTIME_CHECKPOINT_VERSION,
      seq: this.seq,
      run: this.#run,
      createdAt: this.#createdAt,
      engine,
      operatorPaused: this.#operatorPaused,
      snapshot: this.#current.snapshot,
      ticking: this.ticking,
      runStart: this.#runStart,
      decisions: this.#book.list(),
      acks: this.#book.acks(),
      deadlines: this.#deadlines.entries(),
    };
  }

  get ticking(): boolean {
    return this.#ticker.running;
  }

  summary(viewers = 0): SimulationSummary {
    const { settings, id } = this;
    const engine = this.#engine;
    const status = engine.status === 'running' && !this.ticking ? 'paused' : engine.status;
    const { timestep } = engine;
    return this.summarize({ id, settings, status, timestep, createdAt: this.#createdAt }, viewers);
  }

  /** The snapshot a viewer holds at `seq` (the last step's, with status changes since). */
  snapshot(): SnapshotResponse {
    return this.#current;
  }

  protected runStart(): RunStart {
    return this.#runStart;
  }

  protected onListenerError(error: unknown): void {
    this.#report(error, 'listener');
  }

  decisions() {
    return this.#book.list();
  }

  applyShock(shock: ShockInput): HubResult<{ queued: true }> {
    const parsed = parseMessage(shockInputSchema, shock, 'shock');
    if (!parsed.ok) return parsed;
    const result = this.#engine.applyShock(parsed.value);
    if (!result.ok) return { ok: false, error: protocolError('invalid_message', result.message) };
    return { ok: true, value: { queued: true } };
  }

  answerDecision(input: DecisionAnswerInput): DecisionAnswerAck {
    const { ack, events } = arbitrate(this.id, this.#book, this.#engine, input);
    if (events) this.#emit(events);
    return ack;
  }

  start(): void {
    if (this.#operatorPaused) this.resume();
    else this.#startClock([], 'started');
  }

  pause(): void {
    this.#operatorPaused = true;
    this.#ticker.stop();
    this.#deadlines.refresh();
    this.#emit(this.#deadlines.announce(this.#engine.pause('operator')));
  }

  resume(): void {
    this.#operatorPaused = false;
    this.#startClock(() => this.#engine.resume(), 'operator');
  }

  reset(): void {
    const wasRunning = this.ticking;
    this.#ticker.stop();
    this.#run += 1;
    this.#engine = this.#makeEngine();
    this.#book.clear();
    this.#deadlines.clear();
    // A reset while the operator paused stays paused: the new life starts where the old one stood.
    if (this.#operatorPaused) this.#engine.pause('operator');
    const snapshot = this.#engine.snapshot();
    this.#emit(resetEvents(snapshot), { keyframe: true });
    this.#runStart = { seq: this.log.currentSeq, snapshot };
    if (wasRunning) this.#startTicking();
  }

  stepNow(): readonly Envelope[] {
    if (this.#disposed) return [];
    try {
      this.#deadlines.countDown();
      const envelopes = this.#emit(this.#engine.step());
      if (this.#engine.status === 'finished') this.#ticker.stop();
      return envelopes;
    } catch (error) {
      this.#report(error, 'step');
      return [];
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#ticker.stop();
    this.delivery.clear();
  }

  #makeEngine(): ContagionEngine {
    return this.#options.createEngine(engineConfigOf(this.id, this.settings, this.#run));
  }

  /**
   * Start the clock and announce the deadlines it moved. With `autoStart: false` the engine
   * runs with the clock stopped, so starting it moves deadlines (null → a time) while the
   * engine's status stays: a status event of the runtime's own carries them then.
   */
  #startClock(
    engineEvents: (() => readonly EngineEvent[]) | readonly EngineEvent[],
    reason: string,
  ): void {
    const wasTicking = this.ticking;
    this.#startTicking();
    const events = typeof engineEvents === 'function' ? engineEvents() : engineEvents;
    const started = !wasTicking && this.ticking;
    const engine = this.#engine;
    this.#emit(
      this.#deadlines.announce(
        events,
        started
          ? () => ({
              type: 'simulation_status',
              data: { status: engine.status, reason, timestep: engine.timestep },
            })
          : undefined,
      ),
    );
  }

  #startTicking(): void {
    if (this.#disposed || this.ticking || this.#engine.status === 'finished') return;
    this.#ticker.start();
    this.#deadlines.refresh();
  }

  /** Stamp, log and deliver one batch (a tick's or a command's events), once. */
  #emit(events: readonly EngineEvent[], step: StepLogging = {}): Envelope[] {
    if (events.length === 0) return [];
    const envelopes = stampEvents(this.#stamping, events, step);
    for (const envelope of envelopes) {
      const folded = reduceSnapshot(this.#current, envelope);
      if (!folded.ok) throw new Error(`${this.id}: own event ${envelope.seq}: ${folded.reason}`);
      this.#current = folded.value;
    }
    this.delivery.deliver(envelopes);
    return envelopes;
  }

  #report(error: unknown, where: HubErrorContext['where']): void {
    try {
      this.#options.onError?.(error, { simulationId: this.id, where });
    } catch {
      // An error reporter that throws must not take the runtime down with it.
    }
  }
}

/**
 * One simulation driven over time: steps the engine on the clock, stamps gapless seqs,
 * logs, replays and arbitrates decisions. Used through `createHub().create()`.
 *
 * @example
 * const runtime = createSimulationRuntime({ id: 'sim-1', settings, clock, createEngine, logCapacity: 5000, keyframeInterval: 10 });
 * runtime.onEvents((events) => send(events));
 * runtime.start();
 */
export function createSimulationRuntime(options: RuntimeOptions): SimulationRuntime {
  return new Runtime(options);
}
