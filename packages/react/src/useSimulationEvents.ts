'use client';
import type { Envelope } from '@simstream/protocol';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useLiveSimulation } from './bridge/useLiveSimulation.js';

/**
 * The simulation's events, oldest → newest, capped by the provider's `eventRetention`
 * (default 5,000). REST history first, then live.
 *
 * @example
 * const { data: events = [] } = useSimulationEvents('demo');
 */
export function useSimulationEvents(simulationId: string): UseQueryResult<Envelope[]> {
  const queries = useLiveSimulation(simulationId);
  return useQuery({ ...queries.events(), enabled: Boolean(simulationId) });
}
