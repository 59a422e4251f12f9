'use client';
import type { SnapshotResponse } from '@simstream/protocol';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useLiveSimulation } from './bridge/useLiveSimulation.js';

/**
 * The simulation's `{ seq, snapshot }` (REST, then kept live by the stream; no polling).
 * Reads `simulationKeys.snapshot(id)`, so components of your own reading that key update too.
 *
 * @example
 * const { data } = useSimulationSnapshot('demo');
 * data?.snapshot.system_health;
 */
export function useSimulationSnapshot(simulationId: string): UseQueryResult<SnapshotResponse> {
  const queries = useLiveSimulation(simulationId);
  return useQuery({ ...queries.snapshot(), enabled: Boolean(simulationId) });
}
