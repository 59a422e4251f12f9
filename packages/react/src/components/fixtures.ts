/**
 * Sample protocol data for component tests and stories, cut from a real engine run (so
 * every sentence is one production shows), plus synthetic step summaries for volume.
 * Not part of the public API.
 */
import type {
  DecisionRecord,
  Envelope,
  EventDataMap,
  EventType,
  PendingDecisionData,
} from '@simstream/protocol';
import { type FeedEvent, type StepSummaryEnvelope, toFeedEvent } from '@simstream/client';
import { PROTOCOL_VERSION } from '@simstream/protocol';
import { createEngine } from '@simstream/simulation';

export const FIXTURE_SIMULATION_ID = 'sim-1';
const BASE_TIME = Date.parse('2026-01-01T12:00:00.000Z');

/**
 * Wrap data in an envelope with the given seq (timestamp one second per seq).
 *
 * @example
 * envelope('shock_applied', { shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3, timestep: 4 }, 9);
 */
export function envelope<K extends EventType>(
  type: K,
  data: EventDataMap[K],
  seq: number,
): Envelope<K> {
  return {
    v: PROTOCOL_VERSION,
    seq,
    simulationId: FIXTURE_SIMULATION_ID,
    type,
    timestamp: new Date(BASE_TIME + seq * 1000).toISOString(),
    data,
  } as Envelope<K>;
}

/**
 * A compact step (delta) at `timestep`.
 *
 * @example
 * deltaEvent(12, 12); // "Step 12"
 */
export function deltaEvent(
  seq: number,
  timestep = seq,
  health = 0.9,
  alive = 20,
): Envelope<'simulation_delta'> {
  return envelope(
    'simulation_delta',
    {
      timestep,
      base_timestep: Math.max(0, timestep - 1),
      status: 'running',
      system_health: health,
      alive_agents: alive,
      prices: { real_estate: 1, equities: 1, sovereign_bonds: 1, corporate_loans: 1 },
      changed: [],
    },
    seq,
  );
}

/**
 * A step as the events query keeps it (a summary: no snapshot, no changes).
 *
 * @example
 * stepSummary(12, 12, 0.8, 19); // "Step 12", "health 80% · 19 alive"
 */
export function stepSummary(
  seq: number,
  timestep = seq,
  health = 0.9,
  alive = 20,
): StepSummaryEnvelope {
  return toFeedEvent(deltaEvent(seq, timestep, health, alive)) as StepSummaryEnvelope;
}

/**
 * `count` step summaries with seq `firstSeq`.., as `useSimulationEvents` returns them.
 *
 * @example
 * manySteps(10_000).length; // 10000
 */
export function manySteps(count: number, firstSeq = 1): FeedEvent[] {
  return Array.from({ length: count }, (_, i) => stepSummary(firstSeq + i));
}

/**
 * What the real engine emits for seed 42 (30 entities, a decision that pauses the
 * simulation): step 1 raises the player's NPA decision and pauses, viewer-2 answers it with
 * the alternative, and a 30 % real-estate crash at step 4 sets off defaults. Fixtures below
 * are cut from these events, so stories and tests show exactly the text production shows.
 */
function engineRun() {
  const engine = createEngine({
    simulationId: FIXTURE_SIMULATION_ID,
    seed: 42,
    decisionPolicy: { npaThreshold: 0.08, pauseOnDecision: true, deadlineSteps: 10 },
  });
  const events = [...engine.step()];
  const decision = engine.pendingDecision();
  if (!decision) throw new Error('fixtures: seed 42 no longer raises a decision at step 1');
  const answered = engine.answerDecision(decision.decision_id, 'alternative', 'viewer-2');
  if (answered.ok) events.push(...answered.events);
  events.push(...engine.step(), ...engine.step());
  engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3 });
  events.push(...engine.step());
  return events.map((event, i) => envelope(event.type, event.data as never, i + 1) as Envelope);
}

/** The engine's events above, as wire envelopes with seq 1, 2, … (full steps included). */
export const ENGINE_EVENTS: readonly Envelope[] = engineRun();

/** The same history as `useSimulationEvents` keeps it (steps as summaries). */
export const ENGINE_FEED: readonly FeedEvent[] = ENGINE_EVENTS.map(toFeedEvent);

function engineData<K extends EventType>(
  type: K,
  match: (data: EventDataMap[K]) => boolean = () => true,
): EventDataMap[K] {
  const found = ENGINE_EVENTS.find((e) => e.type === type && match(e.data as EventDataMap[K]));
  if (!found) throw new Error(`fixtures: the engine run has no ${type}`);
  return found.data as EventDataMap[K];
}

/** A bank the crash pushed under through its interbank exposures (as the engine says it). */
export const defaultEvent = (seq: number): Envelope<'entity_default'> =>
  envelope(
    'entity_default',
    engineData('entity_default', (d) => d.cause === 'contagion'),
    seq,
  );

/** The 30 % real-estate crash, as the engine applied it. */
export const shockEvent = (seq: number): Envelope<'shock_applied'> =>
  envelope('shock_applied', engineData('shock_applied'), seq);

/** The simulation pausing for the decision (reason `awaiting_decision` on the wire). */
export const statusEvent = (seq: number): Envelope<'simulation_status'> =>
  envelope(
    'simulation_status',
    engineData('simulation_status', (d) => d.status === 'paused'),
    seq,
  );

/**
 * The data of the engine's pending decision for the player's bank. The engine leaves
 * `deadline_at` null; the hub estimates it from the step interval while the simulation runs,
 * as the default here does (30 s after the fixtures' base time), with a running simulation.
 *
 * @example
 * pendingDecisionData({ deadline_at: null, pauses_simulation: true });
 */
export function pendingDecisionData(
  overrides: Partial<PendingDecisionData> = {},
): PendingDecisionData {
  return {
    ...engineData('pending_decision'),
    deadline_at: '2026-01-01T12:00:30.000Z',
    pauses_simulation: false,
    ...overrides,
  };
}

export const pendingDecisionEvent = (seq: number, overrides: Partial<PendingDecisionData> = {}) =>
  envelope('pending_decision', pendingDecisionData(overrides), seq);

/** viewer-2's answer (the alternative) resolving the decision. */
export const resolvedDecisionEvent = (seq: number): Envelope<'decision_resolved'> =>
  envelope('decision_resolved', engineData('decision_resolved'), seq);

/** Epoch ms 10 s before the fixture decision's `deadline_at`. */
export const FIXTURE_NOW = Date.parse('2026-01-01T12:00:20.000Z');

/**
 * A decision record, pending unless a resolution is given.
 *
 * @example
 * decisionRecord({ resolution: { choice: 'alternative', resolved_by: 'answer', answered_by: 'viewer-2', timestep: 12 } });
 */
export function decisionRecord(
  overrides: Partial<PendingDecisionData> & { resolution?: DecisionRecord['resolution'] } = {},
): DecisionRecord {
  const { resolution = null, ...data } = overrides;
  return { ...pendingDecisionData(data), status: resolution ? 'resolved' : 'pending', resolution };
}
