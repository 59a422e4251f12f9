'use client';
import type { EventType } from '@simstream/protocol';
import { useSimulationEvents } from '../useSimulationEvents.js';
import { EventFeedView, type EventFeedViewProps } from './EventFeedView.js';

export interface EventFeedProps
  extends Omit<EventFeedViewProps, 'events' | 'loading' | 'defaultFilter'> {
  simulationId: string;
  /** Event types shown at first (the user can toggle them). Default: every type. */
  types?: readonly EventType[];
}

/**
 * The event feed wired to `useSimulationEvents`: live, newest first, capped by `retention`.
 *
 * @example
 * <EventFeed simulationId="demo" onSelectDecision={setOpenDecision} className="h-[28rem]" />
 */
export function EventFeed({ simulationId, types, ...props }: EventFeedProps) {
  const events = useSimulationEvents(simulationId);
  return (
    <EventFeedView
      events={events.data ?? EMPTY}
      loading={events.isPending}
      defaultFilter={types}
      {...props}
    />
  );
}

const EMPTY: never[] = [];
