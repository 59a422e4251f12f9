'use client';
import type { EventType } from '@simstream/protocol';
import type { ComponentProps } from 'react';
import { EVENT_FEED_CATEGORIES, isCategoryOn, toggleCategory } from './eventFeedModel.js';

export interface EventFeedFilterProps
  extends Omit<ComponentProps<'fieldset'>, 'children' | 'onChange'> {
  /** Event types shown. */
  filter: readonly EventType[];
  onFilterChange: (filter: EventType[]) => void;
}

/**
 * Type filter of the feed: a labelled group (fieldset + legend) of toggle buttons (`aria-pressed`), one per
 * category, reachable with Tab and toggled with Enter or Space.
 *
 * @example
 * <EventFeedFilter filter={filter} onFilterChange={setFilter} />
 */
export function EventFeedFilter({
  filter,
  onFilterChange,
  className,
  ref,
  ...props
}: EventFeedFilterProps) {
  return (
    <fieldset data-slot="event-feed-filter" className={className} {...props} ref={ref}>
      <legend className="sr-only">Filter events by type</legend>
      {EVENT_FEED_CATEGORIES.map((category) => {
        const on = isCategoryOn(filter, category);
        return (
          <button
            key={category.id}
            type="button"
            aria-pressed={on}
            data-state={on ? 'on' : 'off'}
            data-slot="event-feed-filter-toggle"
            onClick={() => onFilterChange(toggleCategory(filter, category.id))}
          >
            {category.label}
          </button>
        );
      })}
    </fieldset>
  );
}
