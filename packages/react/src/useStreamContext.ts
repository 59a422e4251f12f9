'use client';
import { useContext } from 'react';
import { SimulationStreamContext, type SimulationStreamContextValue } from './context.js';

/**
 * The provider's context, or a clear error outside one.
 *
 * @example
 * const { client, queryClient } = useStreamContext();
 */
export function useStreamContext(): SimulationStreamContextValue {
  const value = useContext(SimulationStreamContext);
  if (!value) {
    throw new Error(
      'No SimulationStreamProvider set: wrap your app in <SimulationStreamProvider url="…"> (or pass it a client).',
    );
  }
  return value;
}
