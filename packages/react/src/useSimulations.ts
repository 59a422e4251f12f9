'use client';
import { type SimulationSummary } from '@simstream/protocol';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useStreamClient } from './useStreamClient.js';
import { simulationKeys } from '@simstream/client';

/**
 * The server's simulations (`GET /api/v1/simulations`).
 *
 * @example
 * const { data: simulations = [] } = useSimulations();
 */
export function useSimulations(): UseQueryResult<SimulationSummary[]> {
  const client = useStreamClient();
  return useQuery({
    queryKey: simulationKeys.lists(),
    queryFn: ({ signal }) => client.listSimulations({ signal }),
  });
}
