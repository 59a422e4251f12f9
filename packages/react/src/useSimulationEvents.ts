'use client';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useLiveSimulation } from './bridge/useLiveSimulation.js';
import type { FeedEvent } from '@simstream/client';

/**
 * The simulation's event feed, oldest → newest, capped by the provider's `eventRetention`
 * (default `DEFAULT_EVENT_RETENTION`, 5,000). REST history first, then live. Entries are `FeedEvent`s: every event as
 * received, except steps, which are kept as summaries (`data: { timestep, system_health,
 * alive_agents }`, type `simulation_step`, no snapshot) — whether the stream delivered full
 * steps or deltas. The current state is in `useSimulationSnapshot`; full envelopes as they
 * arrive are in `useWebSocket`'s `onMessage`.
 *
 * @example
 * const { data: events = [] } = useSimulationEvents('demo');
 */
export function useSimulationEvents(simulationId: string): UseQueryResult<FeedEvent[]> {
  const queries = useLiveSimulation(simulationId);
  return useQuery({ ...queries.events(), enabled: Boolean(simulationId) });
}
