import type { EventFeedItem, EventSummary } from './eventFeedModel.js';

/** The feed's visible state, exposed as `data-state`. */
export type EventFeedState = 'loading' | 'empty' | 'live' | 'paused-scroll';

/**
 * The feed's state from what it has and where the user is.
 *
 * @example
 * getEventFeedState({ loading: false, count: 3, paused: true }); // 'paused-scroll'
 */
export function getEventFeedState({
  loading,
  count,
  paused,
}: {
  loading: boolean;
  count: number;
  paused: boolean;
}): EventFeedState {
  if (count === 0) return loading ? 'loading' : 'empty';
  return paused ? 'paused-scroll' : 'live';
}

/**
 * How many events (oldest→newest) are newer than `seq`. Walks from the newest end, so it
 * costs the number of new events, not the length of the list.
 *
 * @example
 * countNewerThan(events, events.at(-3)!.seq); // 2
 */
export function countNewerThan(events: readonly { seq: number }[], seq: number): number {
  let count = 0;
  for (let i = events.length - 1; i >= 0 && (events[i]?.seq ?? 0) > seq; i--) count++;
  return count;
}

/** Steps between two announce-worthy events are skipped; look back at most this far. */
const ANNOUNCE_LOOKBACK = 200;

/**
 * The sentence the feed's live region holds: the newest announce-worthy event (a default,
 * shock, decision or status change), or '' when there is none among the latest events.
 *
 * @example
 * latestAnnouncement(events, describeEvent); // 'bank-3 defaulted (contagion). bank · t=14'
 */
export function latestAnnouncement(
  events: readonly EventFeedItem[],
  describe: (event: EventFeedItem) => EventSummary,
): string {
  const stop = Math.max(0, events.length - ANNOUNCE_LOOKBACK);
  for (let i = events.length - 1; i >= stop; i--) {
    const event = events[i];
    if (!event) continue;
    const summary = describe(event);
    if (summary.announce) return `${summary.title}. ${summary.detail}`;
  }
  return '';
}
