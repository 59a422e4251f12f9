'use client';
import type { EventType } from '@simstream/protocol';
import { observeElementRect, type Rect, useVirtualizer } from '@tanstack/react-virtual';
import { ArrowUp, Inbox, LoaderCircle } from '../lib/icons.js';
import {
  type ComponentProps,
  type CSSProperties,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { EventFeedFilter } from './EventFeedFilter.js';
import {
  ALL_EVENT_TYPES,
  describeEvent,
  type EventFeedItem,
  selectFeedEvents,
} from './eventFeedModel.js';
import { EVENT_ROW_HEIGHT, EventFeedRow } from './EventFeedRow.js';
import { DEFAULT_EVENT_RETENTION } from '@simstream/client';
import { countNewerThan, getEventFeedState, latestAnnouncement } from './eventFeedState.js';

/**
 * The scroll container virtualization depends on, inline so no stylesheet or class can undo
 * it: it fills the feed's column and never grows taller than the screen, even when an app's
 * class leaves the feed without a height.
 */
const SCROLL_CONTAINER = {
  position: 'relative',
  flex: '1 1 0%',
  minHeight: 0,
  maxHeight: '100dvh',
  overflowY: 'auto',
} as const satisfies CSSProperties;

/** Scrolled further than this (px) from the top counts as "the user scrolled away". */
const PINNED_THRESHOLD = 8;

export interface EventFeedViewProps extends Omit<ComponentProps<'div'>, 'children'> {
  /**
   * Events oldest→newest, shown newest first: the `FeedEvent`s `useSimulationEvents` returns
   * (steps as summaries), or full wire envelopes — both render the same.
   */
  events: readonly EventFeedItem[];
  /** Initial load in progress. */
  loading?: boolean;
  /** Event types shown (controlled). */
  filter?: readonly EventType[];
  /** Initial filter when uncontrolled (default: every type). */
  defaultFilter?: readonly EventType[];
  onFilterChange?: (filter: EventType[]) => void;
  /** Pending decision rows get an "Open decision" button calling this. */
  onSelectDecision?: (decisionId: string) => void;
  /** At most this many (newest) events are kept (default `DEFAULT_EVENT_RETENTION`, 5,000). */
  retention?: number;
  /** Hide the type filter toolbar. */
  hideFilter?: boolean;
  /** Accessible name of the log (default "Simulation events"). */
  label?: string;
  /**
   * Viewport size used when the scroll element reports none (server rendering, jsdom,
   * a hidden tab), so a window of rows still renders.
   */
  initialRect?: Rect;
}

/**
 * Presentational event feed: newest first, filterable, virtualized. While the user is at
 * the top it follows new events; once they scroll away it holds their place and offers
 * "N new" to jump back. `role="log"` with its own live region announcing only defaults,
 * shocks, decisions and status changes (never every step).
 *
 * @example
 * ```tsx
 * <EventFeedView events={events} loading={isPending} onSelectDecision={openPrompt} className="h-96" />
 * ```
 */
export function EventFeedView({
  events,
  loading = false,
  filter: controlledFilter,
  defaultFilter = ALL_EVENT_TYPES,
  onFilterChange,
  onSelectDecision,
  retention = DEFAULT_EVENT_RETENTION,
  hideFilter = false,
  label = 'Simulation events',
  initialRect,
  className,
  ref,
  ...props
}: EventFeedViewProps) {
  const [uncontrolledFilter, setUncontrolledFilter] = useState<readonly EventType[]>(defaultFilter);
  const filter = controlledFilter ?? uncontrolledFilter;
  const shown = useMemo(
    () => selectFeedEvents(events, filter, retention),
    [events, filter, retention],
  );
  const newestSeq = shown.at(-1)?.seq ?? 0;

  const scrollRef = useRef<HTMLDivElement | null>(null);
  /** Newest seq the user had seen when they scrolled away; null while following the top. */
  const [pausedAtSeq, setPausedAtSeq] = useState<number | null>(null);
  const newCount = pausedAtSeq === null ? 0 : countNewerThan(shown, pausedAtSeq);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => EVENT_ROW_HEIGHT,
    getItemKey: (index) => shown[shown.length - 1 - index]?.seq ?? index,
    overscan: 6,
    initialRect,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) =>
        cb(rect.height === 0 && initialRect ? initialRect : rect),
      ),
  });

  // Hold the reader's place: rows inserted above them push the content down by exactly
  // their height, so scroll by the same amount before the browser paints.
  const previousNewestSeq = useRef(newestSeq);
  useLayoutEffect(() => {
    const before = previousNewestSeq.current;
    previousNewestSeq.current = newestSeq;
    const el = scrollRef.current;
    if (!el || pausedAtSeq === null || newestSeq <= before) return;
    el.scrollTop += countNewerThan(shown, before) * EVENT_ROW_HEIGHT;
  }, [newestSeq, pausedAtSeq, shown]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const away = el.scrollTop > PINNED_THRESHOLD;
    setPausedAtSeq((paused) => (away ? (paused ?? previousNewestSeq.current) : null));
  }, []);

  const jumpToNewest = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = 0;
    setPausedAtSeq(null);
  }, []);

  const changeFilter = (next: EventType[]) => {
    if (controlledFilter === undefined) setUncontrolledFilter(next);
    onFilterChange?.(next);
    jumpToNewest();
  };

  const state = getEventFeedState({ loading, count: shown.length, paused: pausedAtSeq !== null });
  const announcement = useMemo(() => latestAnnouncement(shown, describeEvent), [shown]);
  const items = virtualizer.getVirtualItems();

  return (
    <div
      data-simstream=""
      data-slot="event-feed"
      data-state={state}
      // The box (a bounded flex column, border, colors) is the kit's CSS on
      // `[data-slot="event-feed"]`: no `className` can unbound the virtualized list.
      className={className}
      {...props}
      ref={ref}
    >
      {hideFilter ? null : (
        <div data-slot="event-feed-toolbar">
          <EventFeedFilter filter={filter} onFilterChange={changeFilter} />
        </div>
      )}
      {newCount > 0 ? (
        <button type="button" data-slot="event-feed-new" onClick={jumpToNewest}>
          <ArrowUp aria-hidden="true" className="size-3" />
          {newCount} new
        </button>
      ) : null}
      <div
        ref={scrollRef}
        role="log"
        aria-label={label}
        aria-live="off"
        aria-busy={state === 'loading'}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard (axe scrollable-region-focusable)
        tabIndex={0}
        data-slot="event-feed-viewport"
        onScroll={onScroll}
        style={SCROLL_CONTAINER}
      >
        {state === 'loading' || state === 'empty' ? (
          <div data-slot="event-feed-placeholder">
            {state === 'loading' ? (
              <LoaderCircle aria-hidden="true" className="size-5 animate-spin" />
            ) : (
              <Inbox aria-hidden="true" className="size-5" />
            )}
            {state === 'loading'
              ? 'Loading events…'
              : events.length > 0
                ? 'No events match the filter.'
                : 'No events yet.'}
          </div>
        ) : (
          <ol data-slot="event-feed-list" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const event = shown[shown.length - 1 - item.index];
              if (!event) return null;
              return (
                <EventFeedRow
                  key={item.key}
                  event={event}
                  onSelectDecision={onSelectDecision}
                  aria-setsize={shown.length}
                  aria-posinset={item.index + 1}
                  style={{ transform: `translateY(${item.start}px)` }}
                />
              );
            })}
          </ol>
        )}
      </div>
      <div aria-live="polite" data-slot="event-feed-announcer" className="sr-only">
        {announcement}
      </div>
    </div>
  );
}
