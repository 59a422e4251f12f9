'use client';
import { newestPending } from '@simstream/client';
import type { DecisionRecord } from '@simstream/protocol';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useLiveSimulation } from './bridge/useLiveSimulation.js';

/**
 * The simulation's decisions (pending and resolved), live: a decision another viewer
 * resolves turns `resolved` here too.
 *
 * @example
 * const { data: decisions = [] } = useDecisions('demo');
 */
export function useDecisions(simulationId: string): UseQueryResult<DecisionRecord[]> {
  const queries = useLiveSimulation(simulationId);
  return useQuery({ ...queries.decisions(), enabled: Boolean(simulationId) });
}

/**
 * The newest pending decision, or null.
 *
 * @example
 * const pending = usePendingDecision('demo');
 * if (pending) console.log(pending.title);
 */
export function usePendingDecision(simulationId: string): DecisionRecord | null {
  return newestPending(useDecisions(simulationId).data);
}
