'use client';
import type { TimelinePosition } from '../timeline/types.js';
import { useSimulationAt } from '../timeline/useSimulationAt.js';
import { EntityGridView, type EntityGridViewProps } from './EntityGridView.js';

export interface EntityGridProps
  extends Omit<EntityGridViewProps, 'entities' | 'playerEntityId' | 'timestep'> {
  simulationId: string;
  /** A past moment to show (`useSimulationTimeline(id).position`); live when null or omitted. */
  at?: TimelinePosition | null;
}

/**
 * The entities of a simulation as tiles, live from the kit's snapshot query (or, with `at`,
 * as they were at a past timestep), drawn by `EntityGridView`.
 *
 * @example
 * <EntityGrid simulationId="demo" at={timeline.position} onSelectEntity={setEntityId} />
 */
export function EntityGrid({ simulationId, at, ...view }: EntityGridProps) {
  const { snapshot } = useSimulationAt(simulationId, at);
  return (
    <EntityGridView
      entities={snapshot?.entities}
      playerEntityId={snapshot?.player_entity_id}
      {...(snapshot ? { timestep: snapshot.timestep } : {})}
      {...view}
    />
  );
}
