'use client';
import type { EventType } from '@simstream/protocol';
import { Activity, CircleCheck, Gavel, type Icon, Info, TriangleAlert, Zap } from '../lib/icons.js';
import type { ComponentProps } from 'react';
import { describeEvent, type EventFeedItem } from './eventFeedModel.js';

/** Fixed row height (px): fixed rows keep 10,000+ events cheap to lay out and exact to scroll. */
export const EVENT_ROW_HEIGHT = 56;

const ICONS: Record<EventType, Icon> = {
  simulation_step: Activity,
  simulation_delta: Activity,
  simulation_compact: Activity,
  entity_default: TriangleAlert,
  shock_applied: Zap,
  pending_decision: Gavel,
  decision_resolved: CircleCheck,
  simulation_status: Info,
};

export interface EventFeedRowProps extends Omit<ComponentProps<'li'>, 'children'> {
  /** A feed event (as `useSimulationEvents` keeps it) or a full wire envelope. */
  event: EventFeedItem;
  /** Makes a pending decision's row offer "Open decision". */
  onSelectDecision?: (decisionId: string) => void;
}

/**
 * One event in the feed, rendered per type: a default stands out (destructive), a shock
 * shows target and magnitude, a pending decision links to its prompt, a step shows
 * timestep, health and survivors.
 *
 * @example
 * <EventFeedRow event={envelope} onSelectDecision={(id) => setOpen(id)} />
 */
export function EventFeedRow({
  event,
  onSelectDecision,
  className,
  style,
  ref,
  ...props
}: EventFeedRowProps) {
  const summary = describeEvent(event);
  const Icon = ICONS[event.type];
  const decisionId = event.type === 'pending_decision' ? event.data.decision_id : null;
  return (
    <li
      data-slot="event-feed-row"
      data-type={event.type}
      data-tone={summary.tone}
      data-seq={event.seq}
      // The row's box per tone is the kit's CSS on `data-tone` (styles/components.css).
      className={className}
      style={{ height: EVENT_ROW_HEIGHT, ...style }}
      {...props}
      ref={ref}
    >
      <Icon aria-hidden="true" data-slot="event-feed-row-icon" />
      <div data-slot="event-feed-row-text">
        <span data-slot="event-feed-row-title">{summary.title}</span>
        <span data-slot="event-feed-row-detail">{summary.detail}</span>
      </div>
      {decisionId && onSelectDecision ? (
        <button
          type="button"
          data-slot="event-feed-open-decision"
          onClick={() => onSelectDecision(decisionId)}
        >
          Open decision
          <span className="sr-only">{`: ${summary.title.replace(/^Decision needed: /, '')}`}</span>
        </button>
      ) : null}
      <span data-slot="event-feed-row-seq" title={event.timestamp}>
        #{event.seq}
      </span>
    </li>
  );
}
