'use client';
import type { SimulationStreamState } from '@simstream/client';
import { useCallback, useSyncExternalStore } from 'react';
import { useStreamClient } from './useStreamClient.js';

/**
 * A watched simulation's stream state: `lastSeq`, `phase`, `lastEventAt`, `lastRecovery`,
 * `lastMessage`, `error`. Undefined while nobody watches it (this hook does not watch).
 *
 * @example
 * const stream = useSimulationStream('demo');
 * stream?.lastRecovery?.kind; // 'replayed' | 'resynced'
 */
export function useSimulationStream(simulationId: string): SimulationStreamState | undefined {
  const client = useStreamClient();
  const get = useCallback(
    () => (simulationId ? client.getSnapshot().simulations[simulationId] : undefined),
    [client, simulationId],
  );
  return useSyncExternalStore(client.subscribe, get, getServerState);
}

function getServerState(): undefined {
  return undefined;
}
