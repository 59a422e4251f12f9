/**
 * Sample protocol data for component tests and stories: valid envelopes of every type
 * and decision records in every state. Not part of the public API.
 */
import type {
  DecisionRecord,
  Envelope,
  EventDataMap,
  EventType,
  PendingDecisionData,
} from '@simstream/protocol';
import { PROTOCOL_VERSION } from '@simstream/protocol';
import { type FeedEvent, type StepSummaryEnvelope, toFeedEvent } from '@simstream/client';

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

export const defaultEvent = (seq: number): Envelope<'entity_default'> =>
  envelope(
    'entity_default',
    {
      entity_id: 'bank-7',
      entity_type: 'bank',
      timestep: seq,
      cause: 'contagion',
      creditor_losses: 120.5,
    },
    seq,
  );

export const shockEvent = (seq: number): Envelope<'shock_applied'> =>
  envelope(
    'shock_applied',
    { shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3, timestep: seq },
    seq,
  );

export const statusEvent = (seq: number): Envelope<'simulation_status'> =>
  envelope(
    'simulation_status',
    { status: 'paused', reason: 'waiting for a decision', timestep: seq },
    seq,
  );

/**
 * The data of a pending decision for the player's bank.
 *
 * @example
 * pendingDecisionData({ deadline_at: null });
 */
export function pendingDecisionData(
  overrides: Partial<PendingDecisionData> = {},
): PendingDecisionData {
  return {
    decision_id: 'dec-1',
    title: 'NPA ratio above 8%',
    description: 'Non-performing loans at Player Bank crossed 8%. Choose how to respond.',
    recommended_action: {
      kind: 'raise_capital',
      label: 'Raise capital',
      description: 'Issue new equity to restore the capital buffer.',
      params: { amount: 120 },
      effects: { capital_ratio: 0.02, npa_ratio: -0.005 },
    },
    alternative_action: {
      kind: 'sell_assets',
      label: 'Sell real estate',
      description: 'Sell real estate holdings at current prices.',
      params: { asset: 'real_estate', share: 0.2 },
      effects: { capital_ratio: 0.005, real_estate: -0.2 },
    },
    entity_id: 'bank-0',
    timestep: 10,
    deadline_timestep: 15,
    deadline_at: '2026-01-01T12:00:30.000Z',
    default_choice: 'recommended',
    pauses_simulation: false,
    ...overrides,
  };
}

export const pendingDecisionEvent = (seq: number, overrides: Partial<PendingDecisionData> = {}) =>
  envelope('pending_decision', pendingDecisionData(overrides), seq);

export const resolvedDecisionEvent = (seq: number): Envelope<'decision_resolved'> =>
  envelope(
    'decision_resolved',
    {
      decision_id: 'dec-1',
      choice: 'alternative',
      resolved_by: 'answer',
      answered_by: 'viewer-2',
      timestep: seq,
    },
    seq,
  );

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
