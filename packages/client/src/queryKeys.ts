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
  /** Every past-timestep entry of a simulation (to drop them all at once). */
  timelines: (simulationId: string) =>
    [...simulationKeys.detail(simulationId), 'timeline'] as const,
  /**
   * A past timestep's snapshot (`TimelineResponse`), for time travel: apart from the live keys,
   * so scrubbing never touches them. Keyed by the run it belongs to — the server's epoch and
   * the run within it — because a reset starts timestep 0 again (the seq goes on) and a
   * restarted server starts a new epoch: timestep 5 of the run before is never shown as
   * timestep 5 of this one.
   */
  timeline: (simulationId: string, run: TimelineRun, timestep: number) =>
    [...simulationKeys.timelines(simulationId), run.epoch, run.run, timestep] as const,
  entity: (simulationId: string, entityId: string) =>
    [...simulationKeys.detail(simulationId), 'entity', entityId] as const,
};

/**
 * Which run of a simulation a timeline entry belongs to: the server's `epoch` (a new one after
 * a restart) and the run within it, counted by the client from 0 (+1 at every reset it sees:
 * the live timestep going back while the epoch stays).
 */
export interface TimelineRun {
  epoch: string;
  run: number;
}
