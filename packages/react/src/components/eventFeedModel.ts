import type { Envelope, EventType } from '@simstream/protocol';
import { formatSignedPercent, humanize } from '../lib/format.js';
import type { FeedEvent } from '@simstream/client';

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
  { id: 'steps', label: 'Steps', types: ['simulation_step', 'simulation_delta'] },
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

/** A row's tone, mapped to styles and exposed as the row's `data-type`/`data-tone`. */
export type EventTone = 'default' | 'destructive' | 'warning' | 'accent' | 'muted';

/** One event in words: what the row and screen readers say. */
export interface EventSummary {
  title: string;
  detail: string;
  tone: EventTone;
  /** Whether screen readers hear it as it arrives (defaults and decisions only; steps would drown them). */
  announce: boolean;
}

/**
 * Describe an event for the feed.
 *
 * @example
 * describeEvent(shockEnvelope);
 * // { title: 'Shock: asset price crash', detail: 'real_estate −30% · t=12', tone: 'warning', announce: true }
 */
export function describeEvent(event: EventFeedItem): EventSummary {
  switch (event.type) {
    case 'entity_default': {
      const d = event.data;
      const cause = d.cause ? ` (${d.cause})` : '';
      const losses = d.creditor_losses
        ? ` · ${d.creditor_losses.toLocaleString('en-US')}M to creditors`
        : '';
      return {
        title: `${d.entity_id} defaulted${cause}`,
        detail: `${d.entity_type} · t=${d.timestep}${losses}`,
        tone: 'destructive',
        announce: true,
      };
    }
    case 'shock_applied': {
      const d = event.data;
      return {
        title: `Shock: ${humanize(d.shock_type)}`,
        detail: `${d.target} ${formatSignedPercent(d.magnitude, 0)} · t=${d.timestep}`,
        tone: 'warning',
        announce: true,
      };
    }
    case 'pending_decision': {
      const d = event.data;
      return {
        title: `Decision: ${d.title}`,
        detail: `${d.entity_id} · t=${d.timestep}`,
        tone: 'accent',
        announce: true,
      };
    }
    case 'decision_resolved': {
      const d = event.data;
      const by =
        d.resolved_by === 'deadline' ? 'by deadline' : `by ${d.answered_by ?? 'an operator'}`;
      return {
        title: `Decision resolved: ${d.choice}`,
        detail: `${d.decision_id} · ${by} · t=${d.timestep}`,
        tone: 'default',
        announce: true,
      };
    }
    case 'simulation_step':
    case 'simulation_delta': {
      // The three numbers a summary, a full step and a delta all carry: never the snapshot.
      const d = event.data;
      return {
        title: `Step ${d.timestep}`,
        detail: `health ${Math.round(d.system_health * 100)}% · ${d.alive_agents} alive`,
        tone: 'muted',
        announce: false,
      };
    }
    case 'simulation_status': {
      const d = event.data;
      return {
        title: `Simulation ${d.status}`,
        detail: d.reason ? `${d.reason} · t=${d.timestep}` : `t=${d.timestep}`,
        tone: 'default',
        announce: true,
      };
    }
  }
}
