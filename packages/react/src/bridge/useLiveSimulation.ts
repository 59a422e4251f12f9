'use client';
import { connectQueryCache, simulationQueries } from '@simstream/client';
import { notifyManager } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useStreamContext } from '../useStreamContext.js';

/**
 * Keeps a simulation's queries live while the calling component is mounted: starts the
 * stream watch and the query-cache bridge (shared and ref-counted per simulation, so ten
 * components cost one subscription) and returns the simulation's query options.
 *
 * @example
 * const queries = useLiveSimulation('demo');
 * const snapshot = useQuery(queries.snapshot());
 */
export function useLiveSimulation(simulationId: string, enabled = true) {
  const { client, queryClient, eventRetention, steps } = useStreamContext();
  useEffect(() => {
    if (!enabled || !simulationId) return;
    return connectQueryCache(client, queryClient, simulationId, {
      eventRetention,
      steps,
      // One React notification per commit, however many queries it touches.
      batch: (commit) => notifyManager.batch(commit),
    });
  }, [client, queryClient, simulationId, eventRetention, steps, enabled]);
  return useMemo(
    () => simulationQueries(client, queryClient, simulationId, eventRetention),
    [client, queryClient, simulationId, eventRetention],
  );
}
