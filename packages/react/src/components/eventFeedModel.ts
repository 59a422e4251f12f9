import type { FeedEvent } from '@simstream/client';
import type { Envelope, EventType } from '@simstream/protocol';

/**
 * What the feed renders: the events query's `FeedEvent`s (steps as summaries), or full wire
 * envelopes (e.g. collected from `useWebSocket`); a row reads only what both have.
 */
export type EventFeedItem = FeedEvent | Envelope;

/** What the feed shows: the type filters a user toggles, each covering one or more event types. */
export interface EventFeedCategory {
  id: 'steps' | 'defaults' | 'shocks' | 'decisions' | 'status';
  label: string;
  types: readonly EventType[];
}

/**
 * The feed's filter groups. Steps and deltas are one group (a delta is the same step sent
 * compactly); a pending decision and its resolution are one group.
 *
 * @example
 * EVENT_FEED_CATEGORIES.map((c) => c.label); // ['Steps', 'Defaults', 'Shocks', 'Decisions', 'Status']
 */
export const EVENT_FEED_CATEGORIES: readonly EventFeedCategory[] = [
  {
    id: 'steps',
    label: 'Steps',
    types: ['simulation_step', 'simulation_delta', 'simulation_compact'],
  },
  { id: 'defaults', label: 'Defaults', types: ['entity_default'] },
  { id: 'shocks', label: 'Shocks', types: ['shock_applied'] },
  { id: 'decisions', label: 'Decisions', types: ['pending_decision', 'decision_resolved'] },
  { id: 'status', label: 'Status', types: ['simulation_status'] },
];

/** Every event type: the default filter (show everything). */
export const ALL_EVENT_TYPES: readonly EventType[] = EVENT_FEED_CATEGORIES.flatMap((c) => c.types);

/**
 * Toggle a category in a filter (the list of event types shown).
 *
 * @example
 * toggleCategory(ALL_EVENT_TYPES, 'steps'); // every type except simulation_step and simulation_delta
 */
export function toggleCategory(
  filter: readonly EventType[],
  id: EventFeedCategory['id'],
): EventType[] {
  const category = EVENT_FEED_CATEGORIES.find((c) => c.id === id);
  if (!category) return [...filter];
  const on = isCategoryOn(filter, category);
  return on
    ? filter.filter((t) => !category.types.includes(t))
    : [...filter, ...category.types.filter((t) => !filter.includes(t))];
}

/**
 * Whether a category's events are shown by a filter.
 *
 * @example
 * isCategoryOn(['entity_default'], EVENT_FEED_CATEGORIES[1]!); // true
 */
export function isCategoryOn(filter: readonly EventType[], category: EventFeedCategory): boolean {
  return category.types.some((t) => filter.includes(t));
}

/**
 * The events the feed shows, oldest→newest: the newest `retention` events (the cap applies
 * before the filter, so a hidden type still counts against memory) that pass `filter`.
 *
 * @example
 * selectFeedEvents(events, ['entity_default'], 1_000);
 */
export function selectFeedEvents<E extends EventFeedItem>(
  events: readonly E[],
  filter: readonly EventType[],
  retention: number,
): E[] {
  const kept = events.length > retention ? events.slice(events.length - retention) : events;
  if (
    filter.length === ALL_EVENT_TYPES.length &&
    ALL_EVENT_TYPES.every((t) => filter.includes(t))
  ) {
    return kept.slice();
  }
  const shown = new Set(filter);
  return kept.filter((e) => shown.has(e.type));
}

// One home for event sentences (eventText.ts); re-exported here, where the feed's model lives.
export { describeEvent, type EventSummary, type EventTone } from './eventText.js';
