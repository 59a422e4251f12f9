'use client';
import { type CreateSimulationRequest, type SimulationSummary } from '@simstream/protocol';
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { useStreamClient } from './useStreamClient.js';
import { simulationKeys } from '@simstream/client';

/**
 * Create a simulation; the simulations list refetches on success.
 *
 * @example
 * const create = useCreateSimulation();
 * create.mutate({ seed: 7, banks: 25 }, { onSuccess: (s) => open(s.id) });
 */
export function useCreateSimulation(): UseMutationResult<
  SimulationSummary,
  Error,
  CreateSimulationRequest | undefined
> {
  const client = useStreamClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request?: CreateSimulationRequest) => client.createSimulation(request ?? {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: simulationKeys.lists() }),
  });
}
