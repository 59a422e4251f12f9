'use client';
import { useMemo } from 'react';
import type { TimelinePosition } from '../timeline/types.js';
import { useSimulationEvents } from '../useSimulationEvents.js';
import { useSimulationSnapshot } from '../useSimulationSnapshot.js';
import { type HealthPoint, healthSeries } from './healthSeries.js';

/**
 * System health and alive agents over the last `size` timesteps of a simulation, from the
 * kit's live events and snapshot queries (kept current by the stream, no polling); with `at`
 * (the timeline's position), the history up to that moment.
 *
 * @example
 * const points = useHealthHistory('test-sim-123', { at: timeline.position });
 * // [{ timestep: 41, health: 86.2, aliveAgents: 29 }, …]
 */
export function useHealthHistory(
  simulationId: string,
  options: { at?: TimelinePosition | null; size?: number } = {},
): readonly HealthPoint[] {
  const { at = null, size = 120 } = options;
  const events = useSimulationEvents(simulationId).data;
  const snapshot = useSimulationSnapshot(simulationId).data?.snapshot;
  return useMemo(() => {
    if (!at) return healthSeries(events ?? [], snapshot, size);
    const past = (events ?? []).filter((e) => e.seq <= at.seq);
    return healthSeries(past, at.snapshot, size);
  }, [events, snapshot, size, at]);
}
