'use client';
import type { TimelinePosition } from '../timeline/types.js';
import { useSimulationAt } from '../timeline/useSimulationAt.js';
import { ExposureNetworkView, type ExposureNetworkViewProps } from './ExposureNetworkView.js';

export interface ExposureNetworkProps extends Omit<ExposureNetworkViewProps, 'snapshot'> {
  simulationId: string;
  /** A past moment to show (`useSimulationTimeline(id).position`); live when null or omitted. */
  at?: TimelinePosition | null;
}

/**
 * The live exposure network of a simulation (or, with `at`, of a past timestep): the kit's
 * snapshot query, kept live by the stream, drawn by `ExposureNetworkView`.
 *
 * @example
 * <ExposureNetwork simulationId="demo" selectedId={entityId} onSelectNode={setEntityId} />
 */
export function ExposureNetwork({ simulationId, at, ...view }: ExposureNetworkProps) {
  const { snapshot } = useSimulationAt(simulationId, at);
  return <ExposureNetworkView snapshot={snapshot} {...view} />;
}
