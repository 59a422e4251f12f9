'use client';
import type { ControlAction } from '@simstream/client';
import { type UseMutationResult, useMutation } from '@tanstack/react-query';
import { useStreamClient } from './useStreamClient.js';

/**
 * Pause, resume or reset a simulation. The new status arrives through the stream.
 *
 * @example
 * const control = useSimulationControl('demo');
 * control.mutate('pause');
 */
export function useSimulationControl(
  simulationId: string,
): UseMutationResult<unknown, Error, ControlAction> {
  const client = useStreamClient();
  return useMutation({
    mutationFn: (action: ControlAction) => client.control(simulationId, action),
  });
}
