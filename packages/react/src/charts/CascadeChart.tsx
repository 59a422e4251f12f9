'use client';
import { useMemo } from 'react';
import type { TimelinePosition } from '../timeline/types.js';
import { useSimulationEvents } from '../useSimulationEvents.js';
import { CascadeChartView, type CascadeChartViewProps } from './CascadeChartView.js';
import { cascadeSeries, costliestDefaults } from './cascadeSeries.js';

export interface CascadeChartProps extends Omit<CascadeChartViewProps, 'points' | 'costliest'> {
  simulationId: string;
  /** A past moment (`useSimulationTimeline(id).position`): defaults up to it; live when null. */
  at?: TimelinePosition | null;
  /** How many of the costliest defaults to rank. Default 5. */
  limit?: number;
}

/**
 * Defaults per timestep by cause and the defaults that cost their creditors most, from the
 * kit's live events (or, with `at`, up to a past moment), drawn by `CascadeChartView`.
 *
 * @example
 * <CascadeChart simulationId="demo" at={timeline.position} />
 */
export function CascadeChart({ simulationId, at, limit = 5, ...view }: CascadeChartProps) {
  const events = useSimulationEvents(simulationId).data;
  const untilSeq = at?.seq ?? null;
  const points = useMemo(() => cascadeSeries(events ?? [], untilSeq), [events, untilSeq]);
  const costliest = useMemo(
    () => costliestDefaults(events ?? [], untilSeq, limit),
    [events, untilSeq, limit],
  );
  return <CascadeChartView points={points} costliest={costliest} {...view} />;
}
