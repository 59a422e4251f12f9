'use client';
import type { EntityState } from '@simstream/protocol';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useLiveSimulation } from './bridge/useLiveSimulation.js';

/**
 * One entity of the simulation, live (defaults and balance-sheet changes land here).
 *
 * @example
 * const { data: bank } = useEntity('demo', 'BANK_001');
 */
export function useEntity(
  simulationId: string,
  entityId: string,
): UseQueryResult<EntityState | undefined> {
  const queries = useLiveSimulation(simulationId);
  return useQuery({ ...queries.entity(entityId), enabled: Boolean(simulationId && entityId) });
}
