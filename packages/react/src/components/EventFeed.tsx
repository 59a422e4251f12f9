'use client';
import type { EventType } from '@simstream/protocol';
import { useMemo } from 'react';
import type { TimelinePosition } from '../timeline/types.js';
import { useSimulationEvents } from '../useSimulationEvents.js';
import { EventFeedView, type EventFeedViewProps } from './EventFeedView.js';

export interface EventFeedProps
  extends Omit<EventFeedViewProps, 'events' | 'loading' | 'defaultFilter'> {
  simulationId: string;
  /** Event types shown at first (the user can toggle them). Default: every type. */
  types?: readonly EventType[];
  /**
   * A past moment of the run (`useSimulationTimeline(id).position`): the feed shows the events
   * up to it. Live when null or omitted.
   */
  at?: Pick<TimelinePosition, 'seq'> | null;
}

/**
 * The event feed wired to `useSimulationEvents`: live, newest first, capped by `retention`.
 *
 * @example
 * <EventFeed simulationId="demo" onSelectDecision={setOpenDecision} className="h-[28rem]" />
 */
export function EventFeed({ simulationId, types, at, ...props }: EventFeedProps) {
  const events = useSimulationEvents(simulationId);
  const until = at?.seq ?? null;
  const shown = useMemo(() => {
    const all = events.data ?? EMPTY;
    if (until === null) return all;
    // Oldest first, seq increasing: cut after the last event at or before `until`.
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((all[mid]?.seq ?? 0) <= until) lo = mid + 1;
      else hi = mid;
    }
    return all.slice(0, lo);
  }, [events.data, until]);
  return (
    <EventFeedView events={shown} loading={events.isPending} defaultFilter={types} {...props} />
  );
}

const EMPTY: never[] = [];
