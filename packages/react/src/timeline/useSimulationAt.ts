'use client';
import type { SimulationSnapshot } from '@simstream/protocol';
import { useSimulationSnapshot } from '../useSimulationSnapshot.js';
import type { TimelinePosition } from './types.js';

/**
 * The snapshot a component should show: the timeline's past one when `at` is given, else the
 * live one. Lets any component of yours follow the timeline like the kit's do.
 *
 * @example
 * const { snapshot, live } = useSimulationAt(id, timeline.position);
 */
export function useSimulationAt(
  simulationId: string,
  at: TimelinePosition | null | undefined,
): { snapshot: SimulationSnapshot | undefined; seq: number | undefined; live: boolean } {
  const { data } = useSimulationSnapshot(simulationId);
  if (at) return { snapshot: at.snapshot, seq: at.seq, live: false };
  return { snapshot: data?.snapshot, seq: data?.seq, live: true };
}
