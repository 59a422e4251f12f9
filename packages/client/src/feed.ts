import type { Envelope, PROTOCOL_VERSION, SimulationStepData } from '@simstream/protocol';

/** What a feed keeps of a step: the headline numbers, not the snapshot or the changes. */
export type StepSummaryData = Pick<
  SimulationStepData,
  'timestep' | 'system_health' | 'alive_agents'
>;

/**
 * A step as a feed keeps it: the envelope of `simulation_step` (same `v`, `seq`,
 * `simulationId`, `timestamp`) with only `{ timestep, system_health, alive_agents }` as data.
 * Every step encoding (`simulation_step`, `simulation_delta`, `simulation_compact`) summarizes to it.
 */
export interface StepSummaryEnvelope {
  v: typeof PROTOCOL_VERSION;
  seq: number;
  simulationId: string;
  type: 'simulation_step';
  timestamp: string;
  data: StepSummaryData;
}

/**
 * One entry of a simulation's event feed (the events query): every non-step envelope as
 * received, every step as a `StepSummaryEnvelope`. Independent of the step encoding a
 * client subscribed with, and small: a feed of thousands of steps holds no snapshots.
 */
export type FeedEvent =
  | Exclude<Envelope, { type: 'simulation_step' | 'simulation_delta' | 'simulation_compact' }>
  | StepSummaryEnvelope;

/**
 * The feed form of an envelope. Every encoding of the same step gives deep-equal
 * summaries (same seq, timestamp and numbers), so a list built from deltas equals one built
 * from full steps; other envelopes and summaries are returned as they are (same object).
 *
 * @example
 * const feed = envelopes.map(toFeedEvent);
 * // a step: { v, seq, simulationId, type: 'simulation_step', timestamp,
 * //           data: { timestep, system_health, alive_agents } }
 */
export function toFeedEvent(envelope: Envelope | FeedEvent): FeedEvent {
  if (
    envelope.type !== 'simulation_step' &&
    envelope.type !== 'simulation_delta' &&
    envelope.type !== 'simulation_compact'
  ) {
    return envelope;
  }
  // Already a summary (e.g. a list merged twice): keep its identity.
  if (envelope.type === 'simulation_step' && !('snapshot' in envelope.data)) return envelope;
  const { timestep, system_health, alive_agents } = envelope.data;
  return {
    v: envelope.v,
    seq: envelope.seq,
    simulationId: envelope.simulationId,
    type: 'simulation_step',
    timestamp: envelope.timestamp,
    data: { timestep, system_health, alive_agents },
  };
}
