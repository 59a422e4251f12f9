'use client';
import type { TimelinePosition } from '../timeline/types.js';
import { useSimulationAt } from '../timeline/useSimulationAt.js';
import { HealthChartView, type HealthChartViewProps } from './HealthChartView.js';
import { useHealthHistory } from './useHealthHistory.js';

export interface HealthChartProps extends Omit<HealthChartViewProps, 'points' | 'totalAgents'> {
  simulationId: string;
  /** A past moment (`useSimulationTimeline(id).position`): the history up to it; live when null. */
  at?: TimelinePosition | null;
  /** How many timesteps the chart spans. Default 120. */
  size?: number;
}

/**
 * The live system-health chart of a simulation (or, with `at`, its history up to a past
 * timestep): the kit's events and snapshot queries, drawn by `HealthChartView`.
 *
 * @example
 * <HealthChart simulationId="demo" at={timeline.position} />
 */
export function HealthChart({ simulationId, at, size, ...view }: HealthChartProps) {
  const points = useHealthHistory(simulationId, { at: at ?? null, ...(size ? { size } : {}) });
  const { snapshot } = useSimulationAt(simulationId, at);
  return <HealthChartView points={points} totalAgents={snapshot?.total_agents} {...view} />;
}
