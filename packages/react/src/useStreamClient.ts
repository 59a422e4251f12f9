'use client';
import type { StreamClient } from '@simstream/client';
import { useStreamContext } from './useStreamContext.js';

/**
 * The provider's stream client. Throws "No SimulationStreamProvider set…" outside a provider.
 *
 * @example
 * const client = useStreamClient();
 * client.reconnect();
 */
export function useStreamClient(): StreamClient {
  return useStreamContext().client;
}
