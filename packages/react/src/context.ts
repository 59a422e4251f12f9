'use client';
import type { StreamClient } from '@simstream/client';
import type { StepEncoding } from '@simstream/protocol';
import type { QueryClient } from '@tanstack/react-query';
import { createContext } from 'react';

/** What `SimulationStreamProvider` hands to the hooks. */
export interface SimulationStreamContextValue {
  client: StreamClient;
  queryClient: QueryClient;
  /** Most events kept in each simulation's events query. */
  eventRetention: number;
  /** Step encoding the live queries ask of the server. */
  steps: StepEncoding;
}

/**
 * The provider's context. Null outside a provider, so hooks can say so clearly.
 *
 * @example
 * const value = useContext(SimulationStreamContext);
 */
export const SimulationStreamContext = createContext<SimulationStreamContextValue | null>(null);
