'use client';
import type { ShockInput } from '@simstream/protocol';
import { type UseMutationResult, useMutation } from '@tanstack/react-query';
import { useStreamClient } from './useStreamClient.js';

/**
 * Apply a shock. Its effects arrive through the stream (`shock_applied`, then the next
 * step), so nothing is invalidated.
 *
 * @example
 * const shock = useApplyShock('demo');
 * shock.mutate({ shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.3 });
 */
export function useApplyShock(simulationId: string): UseMutationResult<unknown, Error, ShockInput> {
  const client = useStreamClient();
  return useMutation({ mutationFn: (shock: ShockInput) => client.applyShock(simulationId, shock) });
}
