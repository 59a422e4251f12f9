/**
 * TanStack Query key factories shared by the kit, the mock and user code, so a component of
 * the user's own that reads these queries sees the live data.
 *
 * @example
 * useQuery({ queryKey: simulationKeys.snapshot(id), queryFn: ... });
 */
export const simulationKeys = {
  all: ['simstream'] as const,
  lists: () => [...simulationKeys.all, 'simulations'] as const,
  detail: (simulationId: string) => [...simulationKeys.all, 'simulation', simulationId] as const,
  snapshot: (simulationId: string) => [...simulationKeys.detail(simulationId), 'snapshot'] as const,
  events: (simulationId: string) => [...simulationKeys.detail(simulationId), 'events'] as const,
  decisions: (simulationId: string) =>
    [...simulationKeys.detail(simulationId), 'decisions'] as const,
  /** The exposure network (`Exposure[]`, the live snapshot's list), rewritten when it changes. */
  network: (simulationId: string) => [...simulationKeys.detail(simulationId), 'network'] as const,
  /**
   * A past timestep's snapshot (`TimelineResponse`), for time travel: apart from the live keys,
   * so scrubbing never touches them.
   */
  timeline: (simulationId: string, timestep: number) =>
    [...simulationKeys.detail(simulationId), 'timeline', timestep] as const,
  entity: (simulationId: string, entityId: string) =>
    [...simulationKeys.detail(simulationId), 'entity', entityId] as const,
};
