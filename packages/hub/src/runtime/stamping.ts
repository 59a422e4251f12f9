import {
  type EngineEvent,
  type Envelope,
  type PendingDecisionData,
  type SimulationSnapshot,
  toEnvelope,
} from '@simstream/protocol';
import type { DecisionBook } from '../decisionBook.js';
import type { EventLog } from '../eventLog.js';
import type { Deadlines } from './deadlines.js';

/** How a step is logged for delta subscribers (see `EventLog.append`). */
export interface StepLogging {
  alsoAgainst?: SimulationSnapshot[];
  keyframe?: boolean;
}

export interface StampingContext {
  simulationId: string;
  log: EventLog;
  book: DecisionBook;
  deadlines: Deadlines;
  now: () => number;
}

/**
 * Turn engine events into envelopes with the next gapless seqs and one timestamp, append them
 * to the log, and keep the decision book and deadlines current (a pending decision gets its
 * wall-clock `deadline_at` here). Returns the envelopes for delivery.
 *
 * @example
 * const envelopes = stampEvents(context, engine.step());
 */
export function stampEvents(
  context: StampingContext,
  events: readonly EngineEvent[],
  step: StepLogging = {},
): Envelope[] {
  const { log, book, deadlines } = context;
  const timestamp = new Date(context.now()).toISOString();
  const envelopes: Envelope[] = [];
  for (const event of events) {
    let stamped: EngineEvent = event;
    if (event.type === 'pending_decision') {
      const steps = event.data.deadline_timestep - event.data.timestep;
      const data: PendingDecisionData = { ...event.data, deadline_at: deadlines.deadlineAt(steps) };
      deadlines.track(data.decision_id, steps);
      book.recordPending(data);
      stamped = { type: 'pending_decision', data };
    } else if (event.type === 'decision_resolved') {
      deadlines.resolve(event.data.decision_id);
      book.recordResolved(event.data);
    }
    const envelope = toEnvelope(stamped, {
      seq: log.currentSeq + 1,
      simulationId: context.simulationId,
      timestamp,
    }) as Envelope;
    log.append(envelope, step);
    envelopes.push(envelope);
  }
  return envelopes;
}

/**
 * The one batch a reset emits: a `simulation_status` saying why, and a full `simulation_step`
 * keyframe of the new run's start, so every client simply replaces its snapshot.
 *
 * @example
 * emit(resetEvents(engine.snapshot()), { keyframe: true });
 */
export function resetEvents(snapshot: SimulationSnapshot): EngineEvent[] {
  return [
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
  ];
}
