import {
  type DecisionAnswerAck,
  type DecisionChoice,
  DECISION_CHOICES,
  type EngineEvent,
  type Envelope,
  type PendingDecisionData,
  type ShockInput,
  type SimulationSnapshot,
  parseMessage,
  protocolError,
  shockInputSchema,
  toEnvelope,
} from '@simstream/protocol';
import type { ContagionEngine } from '@simstream/simulation';
import { DecisionBook } from './decisionBook.js';
import { newEpoch } from './epoch.js';
import { EventLog } from './eventLog.js';
import { type RunStart, timelineAt } from './timeline.js';
import type {
  Clock,
  EngineFactory,
  HubErrorContext,
  HubResult,
  RuntimeDefaults,
  SimulationRuntime,
  TickListener,
} from './types.js';

export interface RuntimeOptions {
  id: string;
  settings: RuntimeDefaults;
  clock: Clock;
  createEngine: EngineFactory;
  logCapacity: number;
  keyframeInterval: number;
  onError?: (error: unknown, context: HubErrorContext) => void;
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
  const { id, settings, clock, logCapacity, keyframeInterval } = options;
  const createdAt = new Date(clock.now()).toISOString();
  /** This life of the simulation: seqs compare only within it, so a reset keeps it (seq goes on). */
  const epoch = newEpoch();
  /** Runs so far (0 = the first): each reset starts a new run, so its decision ids are new. */
  let run = 0;
  const makeEngine = (): ContagionEngine =>
    options.createEngine({
      simulationId: id,
      seed: settings.seed,
      preset: settings.preset,
      meanDegree: settings.meanDegree,
      banks: settings.banks,
      funds: settings.funds,
      density: settings.density,
      maxTimesteps: settings.maxTimesteps,
      decisionPolicy: { ...settings.decisionPolicy },
      run,
    });

  let engine = makeEngine();
  const log = new EventLog(logCapacity, keyframeInterval);
  /** Where the current run started: the timeline's timestep 0 while the log reaches back to it. */
  let runStart: RunStart = { seq: 0, snapshot: engine.snapshot() };
  const book = new DecisionBook();
  const listeners = new Set<TickListener>();
  /** Pending decision id → steps until its deadline applies (for the wall-clock estimate). */
  const stepsLeft = new Map<string, number>();
  let timer: unknown = null;
  let disposed = false;
  /** Paused by the operator (not by a decision): survives a reset, undone by resume/start. */
  let operatorPaused = false;
  /** Engine state changed since the last step (a decision's action): the next delta must cover it. */
  let changedSinceStep = false;
  const deliveries: Envelope[][] = [];
  let delivering = false;

  const report = (error: unknown, where: HubErrorContext['where']) => {
    try {
      options.onError?.(error, { simulationId: id, where });
    } catch {
      // An error reporter that throws must not take the runtime down with it.
    }
  };

  const deadlineAt = (steps: number): string | null =>
    timer === null
      ? null
      : new Date(clock.now() + Math.max(0, steps) * settings.stepIntervalMs).toISOString();

  const refreshDeadlines = () => {
    for (const [decisionId, steps] of stepsLeft) book.setDeadlineAt(decisionId, deadlineAt(steps));
  };

  /** Deliver in seq order even when a listener triggers more events while being called. */
  const deliver = (envelopes: Envelope[]) => {
    deliveries.push(envelopes);
    if (delivering) return;
    delivering = true;
    try {
      for (let batch = deliveries.shift(); batch; batch = deliveries.shift()) {
        for (const listener of [...listeners]) {
          try {
            listener(batch);
          } catch (error) {
            report(error, 'listener');
          }
        }
      }
    } finally {
      delivering = false;
    }
  };

  /** Stamp engine events into envelopes, log them and notify listeners once. */
  const emit = (
    events: readonly EngineEvent[],
    step: { alsoAgainst?: SimulationSnapshot[]; keyframe?: boolean } = {},
  ) => {
    if (events.length === 0) return [] as Envelope[];
    const timestamp = new Date(clock.now()).toISOString();
    const envelopes: Envelope[] = [];
    for (const event of events) {
      let stamped: EngineEvent = event;
      if (event.type === 'pending_decision') {
        const steps = event.data.deadline_timestep - event.data.timestep;
        const data: PendingDecisionData = { ...event.data, deadline_at: deadlineAt(steps) };
        stepsLeft.set(data.decision_id, steps);
        book.recordPending(data);
        stamped = { type: 'pending_decision', data };
      } else if (event.type === 'decision_resolved') {
        stepsLeft.delete(event.data.decision_id);
        book.recordResolved(event.data);
      }
      const envelope = toEnvelope(stamped, {
        seq: log.currentSeq + 1,
        simulationId: id,
        timestamp,
      }) as Envelope;
      log.append(envelope, step);
      envelopes.push(envelope);
    }
    deliver(envelopes);
    return envelopes;
  };

  const stopTimer = () => {
    if (timer !== null) clock.clearInterval(timer);
    timer = null;
  };

  const step = (): readonly Envelope[] => {
    if (disposed) return [];
    try {
      const before = changedSinceStep ? [engine.snapshot()] : undefined;
      changedSinceStep = false;
      for (const [decisionId, steps] of stepsLeft) stepsLeft.set(decisionId, steps - 1);
      const envelopes = emit(engine.step(), before ? { alsoAgainst: before } : {});
      if (engine.status === 'finished') stopTimer();
      return envelopes;
    } catch (error) {
      report(error, 'step');
      return [];
    }
  };

  const startTimer = () => {
    if (disposed || timer !== null || engine.status === 'finished') return;
    timer = clock.setInterval(step, settings.stepIntervalMs);
    refreshDeadlines();
  };

  const runtime: SimulationRuntime = {
    id,
    get seq() {
      return log.currentSeq;
    },
    epoch,
    settings,
    get ticking() {
      return timer !== null;
    },
    summary(viewers = 0) {
      const status = engine.status === 'running' && timer === null ? 'paused' : engine.status;
      return {
        id,
        seed: settings.seed,
        // Only a preset other than the default is named, so default summaries stay as they were.
        ...(settings.preset === 'default'
          ? {}
          : { preset: settings.preset, meanDegree: settings.meanDegree }),
        status,
        timestep: engine.timestep,
        seq: log.currentSeq,
        epoch,
        banks: settings.banks,
        funds: settings.funds,
        stepIntervalMs: settings.stepIntervalMs,
        decisionPolicy: { ...settings.decisionPolicy },
        createdAt,
        viewers,
      };
    },
    // Commands run synchronously, so the engine's state now is exactly the state after seq.
    snapshot: () => ({ seq: log.currentSeq, epoch, snapshot: engine.snapshot() }),
    // A seq from another epoch counts in another life's numbering: nothing to replay from it.
    timeline: (timestep) => timelineAt(log, runStart, epoch, timestep ?? null),
    eventsSince: (since, limit, sinceEpoch) =>
      sinceEpoch !== undefined && sinceEpoch !== epoch
        ? { currentSeq: log.currentSeq, epoch, resync: true, events: [] }
        : { ...log.eventsSince(since, limit), epoch },
    replay: (sinceSeq, sinceEpoch) =>
      sinceEpoch !== undefined && sinceEpoch !== epoch
        ? { resync: true, currentSeq: log.currentSeq }
        : log.replay(sinceSeq),
    onEvents(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    viewFor: (events, view) => log.viewFor(events, view),
    decisions: () => book.list(),
    applyShock(shock: ShockInput): HubResult<{ queued: true }> {
      const parsed = parseMessage(shockInputSchema, shock, 'shock');
      if (!parsed.ok) return parsed;
      const result = engine.applyShock(parsed.value);
      if (!result.ok) return { ok: false, error: protocolError('invalid_message', result.message) };
      return { ok: true, value: { queued: true } };
    },
    answerDecision(input): DecisionAnswerAck {
      return answerDecision(input);
    },
    start() {
      if (operatorPaused) runtime.resume();
      else startTimer();
    },
    pause() {
      operatorPaused = true;
      stopTimer();
      refreshDeadlines();
      emit(engine.pause('operator'));
    },
    resume() {
      operatorPaused = false;
      startTimer();
      emit(engine.resume());
    },
    reset() {
      const wasRunning = timer !== null;
      stopTimer();
      run += 1;
      engine = makeEngine();
      book.clear();
      stepsLeft.clear();
      changedSinceStep = false;
      // A reset while the operator paused stays paused: the new life starts where the old one stood.
      if (operatorPaused) engine.pause('operator');
      const snapshot = engine.snapshot();
      // One batch: the status says why, the keyframe lets every client replace its snapshot.
      emit(
        [
          {
            type: 'simulation_status',
            data: { status: snapshot.status, reason: 'reset', timestep: snapshot.timestep },
          },
          {
            type: 'simulation_step',
            data: {
              timestep: snapshot.timestep,
              snapshot,
              system_health: snapshot.system_health,
              alive_agents: snapshot.alive_agents,
            },
          },
        ],
        { keyframe: true },
      );
      runStart = { seq: log.currentSeq, snapshot };
      if (wasRunning) startTimer();
    },
    stepNow: step,
    dispose() {
      disposed = true;
      stopTimer();
      listeners.clear();
    },
  };

  function answerDecision(input: {
    decisionId: string;
    choice: DecisionChoice;
    idempotencyKey: string;
    answeredBy: string | null;
  }): DecisionAnswerAck {
    const repeated = book.ackFor(input.idempotencyKey);
    if (repeated) return repeated;
    if (!(DECISION_CHOICES as readonly string[]).includes(input.choice)) {
      return invalid(`choice must be one of ${DECISION_CHOICES.join(', ')}.`);
    }
    if (!input.idempotencyKey) return invalid('idempotencyKey must not be empty.');
    const record = book.get(input.decisionId);
    if (!record) {
      return {
        ok: false,
        error: protocolError(
          'unknown_decision',
          `Simulation ${id} has no decision ${input.decisionId}; it may predate a reset. Refetch the decisions.`,
        ),
      };
    }
    const decided = book.ackForResolved(record);
    if (decided) {
      book.rememberAck(input.idempotencyKey, decided);
      return decided;
    }
    const result = engine.answerDecision(input.decisionId, input.choice, input.answeredBy);
    if (!result.ok) {
      const code = result.reason === 'unknown_decision' ? 'unknown_decision' : 'conflict';
      return { ok: false, error: protocolError(code, result.message) };
    }
    const ack: DecisionAnswerAck = {
      ok: true,
      status: 'accepted',
      decisionId: input.decisionId,
      choice: input.choice,
      resolvedBy: 'answer',
    };
    // Remember first: a listener reacting to decision_resolved may repeat the same key.
    book.rememberAck(input.idempotencyKey, ack);
    changedSinceStep = true;
    emit(result.events);
    return ack;
  }

  if (settings.autoStart) startTimer();
  return runtime;
}

function invalid(message: string): DecisionAnswerAck {
  return {
    ok: false,
    error: protocolError('invalid_message', `Invalid decision answer: ${message}`),
  };
}
