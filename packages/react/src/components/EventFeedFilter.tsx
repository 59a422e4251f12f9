'use client';
import type { EventType } from '@simstream/protocol';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';
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
            className={cn(
              'cursor-pointer rounded-[calc(var(--ss-radius)-2px)] border border-ss-border px-2 py-0.5 text-xs font-medium',
              'data-[state=on]:bg-ss-foreground data-[state=on]:text-ss-background',
              'data-[state=off]:bg-ss-background data-[state=off]:text-ss-muted-foreground hover:data-[state=off]:bg-ss-muted',
            )}
          >
            {category.label}
          </button>
        );
      })}
    </fieldset>
  );
}
