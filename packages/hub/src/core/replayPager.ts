import type { Envelope, SubscribeOk } from '@simstream/protocol';
import { REPLAY_FRAME_EVENTS, replayFrames } from '../frames.js';
import type { CoreRuntime, SubscriberView } from '../types.js';
import { subscribeOk } from '../views.js';
import type { CoreConnection } from './connection.js';

/**
 * Most bytes of a replay page on a transport with backpressure (the viewed envelopes as JSON
 * text, as engine.io counts a text packet). A page is one frame, sent only once the
 * connection drained the last, so a connection never holds more than a page of replay —
 * far below the server's per-connection budget of unsent bytes — while 10,000 missed events
 * go in tens of pages, not hundreds. A single event larger than a page goes alone.
 */
export const REPLAY_PAGE_BYTES = 64 * 1024;

/** Log entries whose views are sized per step while a page fills. */
const SIZING_CHUNK = 32;
/** A frame's own JSON around its events (`{"v":1,"simulationId":…,"events":[…]}`). */
const FRAME_OVERHEAD = 160;

const sizes = new WeakMap<Envelope, number>();
const utf8 = new TextEncoder();

/**
 * An envelope's size in bytes as JSON (UTF-8), measured once per envelope object: the log
 * keeps its envelopes and caches their step encodings, so a storm of sockets replaying the
 * same events — and the server's byte counters — measure each once.
 *
 * @example
 * metrics.bytesSent.inc({ type: envelope.type }, envelopeBytes(envelope) * recipients);
 */
export function envelopeBytes(envelope: Envelope): number {
  let size = sizes.get(envelope);
  if (size === undefined) {
    const text = JSON.stringify(envelope);
    // Only text beyond ASCII is longer in UTF-8 than in UTF-16 code units.
    size = /[\u0080-\uffff]/.test(text) ? utf8.encode(text).length : text.length;
    sizes.set(envelope, size);
  }
  return size;
}

/** One replay page: log entries (the frame's seq range) and the view's envelopes in them. */
interface Page {
  logged: readonly Envelope[];
  viewed: Envelope[];
}

/**
 * The next page of `log` from `from`: as many entries as fit `pageBytes` once viewed (at
 * least one, at most a frame's worth), so pages weigh alike whatever the events weigh.
 */
export function nextReplayPage(
  runtime: Pick<CoreRuntime, 'viewFor'>,
  view: SubscriberView,
  log: readonly Envelope[],
  from: number,
  pageBytes: number,
): Page {
  const end = Math.min(log.length, from + REPLAY_FRAME_EVENTS);
  const viewed: Envelope[] = [];
  let bytes = FRAME_OVERHEAD;
  let next = from;
  while (next < end) {
    const chunk = log.slice(next, Math.min(end, next + SIZING_CHUNK));
    const chunkViewed = runtime.viewFor(chunk, view);
    let v = 0;
    for (const entry of chunk) {
      let add = 0;
      let upTo = v;
      while (upTo < chunkViewed.length && chunkViewed[upTo]!.seq <= entry.seq) {
        add += envelopeBytes(chunkViewed[upTo]!) + 1;
        upTo++;
      }
      if (next > from && bytes + add > pageBytes) return { logged: log.slice(from, next), viewed };
      bytes += add;
      while (v < upTo) viewed.push(chunkViewed[v++]!);
      next++;
    }
  }
  return { logged: log.slice(from, next), viewed };
}

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
  readonly #pageBytes: number;

  /** `pageBytes`: the most bytes of a page (default {@link REPLAY_PAGE_BYTES}). */
  constructor(observer: ReplayObserver = {}, pageBytes = REPLAY_PAGE_BYTES) {
    this.#observer = observer;
    this.#pageBytes = pageBytes;
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
    return this.#sendViewed(connection, runtime, events, runtime.viewFor(events, view));
  }

  #sendViewed(
    connection: CoreConnection,
    runtime: CoreRuntime,
    events: readonly Envelope[],
    viewed: readonly Envelope[],
  ): number {
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
    let cursor = 0;
    let lastSeq = events[0]!.seq - 1;
    const step = () => {
      if (replays.get(runtime.id) !== token) return;
      if (cursor === pending.length) {
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
        cursor = 0;
      }
      const page = nextReplayPage(runtime, target.view, pending, cursor, this.#pageBytes);
      cursor += page.logged.length;
      lastSeq = page.logged[page.logged.length - 1]!.seq;
      this.#sendViewed(connection, runtime, page.logged, page.viewed);
      connection.sink.whenDrained?.(step);
    };
    // Even the first page waits for a drained socket: a client that stopped reading and
    // subscribes again and again gets no page at all, only acks.
    connection.sink.whenDrained?.(step);
  }
}
