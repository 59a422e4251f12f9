import type { Envelope, SubscribeOk } from '@simstream/protocol';
import { replayFrames } from '../frames.js';
import type { CoreRuntime, SubscriberView } from '../types.js';
import { subscribeOk } from '../views.js';
import type { CoreConnection } from './connection.js';

/** Most log entries per replay page on a transport with backpressure. */
export const REPLAY_PAGE_EVENTS = 16;

/** Where a replay ends: the view it is encoded for and the live room joined once caught up. */
export interface ReplayTarget {
  view: SubscriberView;
  room: string;
}

/** What the pager reports (a subset of the fan-out's observer). */
export interface ReplayObserver {
  /** `events` went out in frames to `recipients` connections each. */
  delivered?(events: readonly Envelope[], recipients: number): void;
  /** A subscribe with `sinceSeq`: replayed from the log (`hit`) or answered resync (`miss`). */
  replay?(outcome: 'hit' | 'miss'): void;
}

/**
 * Replays of the log to subscribers, bounded by bytes in flight: on a transport with
 * backpressure (`sink.whenDrained`) a replay goes out a page at a time, each page only once
 * the connection drained the last one, and the connection joins its live room in the same
 * synchronous step as the last page. At most one replay runs per connection and simulation —
 * a repeated subscribe replaces the earlier one. The `Fanout` owns one and asks it, per live
 * tick, whether a member is still paging (that member gets the tick from the log instead).
 *
 * @example
 * const pager = new ReplayPager(observer);
 * const ack = pager.start(connection, runtime, { view, room: 'sim:a|delta|*' }, sinceSeq, epoch);
 */
export class ReplayPager {
  /** Replays in progress per connection and simulation; a newer subscribe replaces the token. */
  readonly #replays = new Map<CoreConnection, Map<string, object>>();
  readonly #observer: ReplayObserver;

  constructor(observer: ReplayObserver = {}) {
    this.#observer = observer;
  }

  /**
   * Replay `seq > sinceSeq` to a connection that already joined the simulation's room (or
   * answer `resync` when `epoch` names another life of the simulation or the gap left the
   * log), and join `target.room` once caught up. Returns the ack to send; frames that could
   * go at once are already sent, the rest follow as the connection drains.
   */
  start(
    connection: CoreConnection,
    runtime: CoreRuntime,
    target: ReplayTarget,
    sinceSeq?: number,
    epoch?: string,
  ): SubscribeOk {
    // A repeated subscribe replaces an earlier replay instead of stacking another one.
    this.end(connection, runtime.id);
    const replay = sinceSeq === undefined ? null : runtime.replay(sinceSeq, epoch);
    if (replay) this.#observer.replay?.(replay.resync ? 'miss' : 'hit');
    if (!replay || replay.resync || replay.events.length === 0 || !connection.sink.whenDrained) {
      connection.sink.join?.(target.room);
      if (!replay) return subscribeOk(runtime);
      if (replay.resync) return subscribeOk(runtime, replay);
      return subscribeOk(
        runtime,
        replay,
        this.send(connection, runtime, replay.events, target.view),
      );
    }
    const count = runtime.viewFor(replay.events, target.view).length;
    this.#page(connection, runtime, target, replay.events);
    return subscribeOk(runtime, replay, count);
  }

  /** Whether the connection is still paging a replay of the simulation (not in its live room). */
  isPaging(connection: CoreConnection, simulationId: string): boolean {
    return this.#replays.get(connection)?.has(simulationId) ?? false;
  }

  /** Stop a replay in progress (unsubscribe, resubscribe, simulation removed). */
  end(connection: CoreConnection, simulationId: string): void {
    const replays = this.#replays.get(connection);
    replays?.delete(simulationId);
    if (replays?.size === 0) this.#replays.delete(connection);
  }

  /** Forget every replay of a closed connection. */
  drop(connection: CoreConnection): void {
    this.#replays.delete(connection);
  }

  /** Send `events` (log entries) in the view's replay frames at once; returns envelopes sent. */
  send(
    connection: CoreConnection,
    runtime: CoreRuntime,
    events: readonly Envelope[],
    view: SubscriberView,
  ): number {
    const viewed = runtime.viewFor(events, view);
    for (const frame of replayFrames(runtime.id, events, viewed)) {
      connection.sink.send(frame);
      this.#observer.delivered?.(frame.events, 1);
    }
    return viewed.length;
  }

  /**
   * Send a replay page by page, each once the connection drained what it had, then
   * whatever the log gained meanwhile, and join the live room in the same synchronous step
   * as the last page — so nothing is sent twice or skipped, and a reader that stops reading
   * holds at most a page of replay in the server's memory. When the log moves past the
   * cursor (a reader slower than the simulation), the connection is cut: it reconnects and
   * resyncs.
   */
  #page(
    connection: CoreConnection,
    runtime: CoreRuntime,
    target: ReplayTarget,
    events: readonly Envelope[],
  ): void {
    const token = {};
    const replays = this.#replays.get(connection) ?? new Map<string, object>();
    this.#replays.set(connection, replays);
    replays.set(runtime.id, token);
    let pending = events;
    let lastSeq = events[0]!.seq - 1;
    const step = () => {
      if (replays.get(runtime.id) !== token) return;
      if (pending.length === 0) {
        const more = runtime.replay(lastSeq);
        if (more.resync) {
          this.end(connection, runtime.id);
          connection.sink.cut?.({
            kind: 'error',
            error: {
              code: 'internal',
              message: 'The connection fell behind the replay log; reconnect to resync.',
            },
          });
          return;
        }
        if (more.events.length === 0) {
          this.end(connection, runtime.id);
          connection.sink.join?.(target.room);
          return;
        }
        pending = more.events;
      }
      const page = pending.slice(0, REPLAY_PAGE_EVENTS);
      pending = pending.slice(page.length);
      lastSeq = page[page.length - 1]!.seq;
      this.send(connection, runtime, page, target.view);
      connection.sink.whenDrained?.(step);
    };
    // Even the first page waits for a drained socket: a client that stopped reading and
    // subscribes again and again gets no page at all, only acks.
    connection.sink.whenDrained?.(step);
  }
}
