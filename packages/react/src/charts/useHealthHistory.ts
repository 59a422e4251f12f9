import { useSimulationEvents, useSimulationSnapshot } from '@simstream/react';
import { useMemo } from 'react';
import { type HealthPoint, healthSeries } from './healthHistory.js';

/**
 * System health and alive agents over the last `size` timesteps of a simulation, from the
 * kit's live events and snapshot queries (kept current by the stream, no polling).
 *
 * @example
 * const points = useHealthHistory('test-sim-123');
 * // [{ timestep: 41, health: 86.2, aliveAgents: 29 }, …]
 */
export function useHealthHistory(simulationId: string, size = 120): readonly HealthPoint[] {
  const events = useSimulationEvents(simulationId).data;
  const snapshot = useSimulationSnapshot(simulationId).data?.snapshot;
  return useMemo(() => healthSeries(events ?? [], snapshot, size), [events, snapshot, size]);
}
