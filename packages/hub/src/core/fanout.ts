import {
  type Envelope,
  type EventBatch,
  type SubscribeOk,
  toSeedMessage,
} from '@simstream/protocol';
import { tickBatch } from '../frames.js';
import type { CoreRuntime, SubscriberView } from '../types.js';
import { viewKey } from '../views.js';
import type { CoreConnection } from './connection.js';
import { ReplayPager } from './replayPager.js';

/** A raw (seed-protocol) WebSocket viewer: every event as a seed message, full steps. */
export interface RawViewer {
  send(text: string): void;
  /** The simulation was removed: say so and close. */
  end(message: string): void;
}

/** What the fan-out reports, so a server can count it (metrics) without the core knowing how. */
export interface FanoutObserver {
  /** `events` went out in frames to `recipients` connections each. */
  delivered?(events: readonly Envelope[], recipients: number): void;
  /** Seed messages went to `recipients` raw viewers each: `events[i]` as `texts[i]`. */
  deliveredRaw?(events: readonly Envelope[], texts: readonly string[], recipients: number): void;
  /** A subscribe with `sinceSeq`: replayed from the log (`hit`) or answered resync (`miss`). */
  replay?(outcome: 'hit' | 'miss'): void;
  /** The number of viewers of a simulation changed. */
  viewers?(simulationId: string, count: number): void;
  /** A simulation was removed; its viewer count is gone with it. */
  removed?(simulationId: string): void;
  /** Encoding or sending one group's frame failed; the other groups got theirs. */
  error?(
    error: unknown,
    context: { simulationId: string; where: 'broadcast' | 'raw broadcast' },
  ): void;
}

export interface FanoutOptions {
  observer?: FanoutObserver;
  /**
   * Send one frame to every member of a room, for transports that broadcast natively
   * (Socket.IO: `io.to(room).emit('events', batch)`, encoded once). Without it, the frame goes
   * to each member's `sink.send`.
   */
  broadcast?(room: string, batch: EventBatch, members: ReadonlySet<CoreConnection>): void;
  /**
   * Most bytes of one replay page (default `REPLAY_PAGE_BYTES`, 64 KB). A server keeps it
   * well below its per-connection budget of unsent bytes, so paging never trips that cut.
   */
  replayPageBytes?: number;
}

interface ViewGroup {
  view: SubscriberView;
  room: string;
  members: Set<CoreConnection>;
}

interface SimulationStream {
  runtime: CoreRuntime;
  stopListening: () => void;
  /** Subscribers grouped by identical view: one encoding and one broadcast per group. */
  groups: Map<string, ViewGroup>;
  raw: Set<RawViewer>;
}

const RAW_VIEW: SubscriberView = { types: null, steps: 'full' };

/**
 * Room of every subscriber of a simulation, whatever its view (notices go there).
 *
 * @example
 * simulationRoom('sim-1'); // 'sim:sim-1' — a view's room is 'sim:sim-1|delta|*'
 */
export function simulationRoom(simulationId: string): string {
  return `sim:${simulationId}`;
}

/**
 * The fan-out between hub runtimes and viewers, whatever the transport. It listens to a
 * runtime once anyone subscribed; per tick it encodes the tick once per distinct view and
 * hands one `events` frame to that view's room, and one seed message per event to each raw
 * WebSocket viewer. Subscribing joins the room and replays in one synchronous step, so no
 * live event falls between replay and live and none comes twice.
 *
 * @example
 * const fanout = new Fanout({ broadcast: (room, batch) => io.to(room).emit('events', batch) });
 * const ack = fanout.subscribe(connection, runtime, { types: null, steps: 'delta' }, lastSeq, epoch);
 */
export class Fanout {
  readonly #streams = new Map<string, SimulationStream>();
  readonly #pager: ReplayPager;
  readonly #observer: FanoutObserver;
  readonly #broadcast: NonNullable<FanoutOptions['broadcast']>;

  constructor(options: FanoutOptions = {}) {
    this.#observer = options.observer ?? {};
    this.#pager = new ReplayPager(this.#observer, options.replayPageBytes);
    this.#broadcast =
      options.broadcast ??
      ((_room, batch, members) => {
        for (const member of members) {
          // A member still paging its replay gets this tick from the log after the replay.
          if (!this.#pager.isPaging(member, batch.simulationId)) member.sink.send(batch);
        }
      });
  }

  /**
   * Join the view's room, then replay `seq > sinceSeq` (or answer `resync` when `epoch` names
   * another life of the simulation or the gap left the log) through the `ReplayPager`, which
   * joins the live room once caught up. Returns the ack to send; replay frames that could go
   * at once are already sent, the rest follow page by page as the connection drains.
   */
  subscribe(
    connection: CoreConnection,
    runtime: CoreRuntime,
    view: SubscriberView,
    sinceSeq?: number,
    epoch?: string,
  ): SubscribeOk {
    const stream = this.#ensure(runtime);
    this.#leaveGroup(connection, runtime.id);
    const key = viewKey(view);
    let group = stream.groups.get(key);
    if (!group) {
      group = { view, room: `${simulationRoom(runtime.id)}|${key}`, members: new Set() };
      stream.groups.set(key, group);
    }
    group.members.add(connection);
    connection.sink.join?.(simulationRoom(runtime.id));
    connection.subscriptions.set(runtime.id, view);
    this.#reportViewers(runtime.id);
    return this.#pager.start(connection, runtime, group, sinceSeq, epoch);
  }

  /** Stop sending a simulation to a connection. Returns false when it was not subscribed. */
  unsubscribe(connection: CoreConnection, simulationId: string): boolean {
    if (!connection.subscriptions.has(simulationId)) return false;
    this.#pager.end(connection, simulationId);
    this.#leaveGroup(connection, simulationId);
    connection.sink.leave?.(simulationRoom(simulationId));
    connection.subscriptions.delete(simulationId);
    this.#reportViewers(simulationId);
    return true;
  }

  /** Forget a closed connection's subscriptions (its transport already left its rooms). */
  dropConnection(connection: CoreConnection): void {
    this.#pager.drop(connection);
    for (const simulationId of connection.subscriptions.keys()) {
      this.#leaveGroup(connection, simulationId, false);
      this.#reportViewers(simulationId);
    }
    connection.subscriptions.clear();
  }

  /** Add a raw WebSocket viewer (`removeRawViewer` when it closes). */
  addRawViewer(runtime: CoreRuntime, viewer: RawViewer): void {
    const stream = this.#ensure(runtime);
    stream.raw.add(viewer);
    this.#reportViewers(runtime.id);
  }

  /**
   * Remove a raw viewer that closed. A method rather than a removal function per viewer: a
   * server holds thousands of idle viewers, and a closure each adds up.
   */
  removeRawViewer(simulationId: string, viewer: RawViewer): void {
    if (this.#streams.get(simulationId)?.raw.delete(viewer)) this.#reportViewers(simulationId);
  }

  /** Viewers of a simulation (subscriptions plus raw WebSocket viewers). */
  viewerCount(simulationId: string): number {
    const stream = this.#streams.get(simulationId);
    if (!stream) return 0;
    let count = stream.raw.size;
    for (const group of stream.groups.values()) count += group.members.size;
    return count;
  }

  /** A simulation was removed: tell its subscribers, close raw viewers, stop listening. */
  removeSimulation(simulationId: string, message: string): void {
    const stream = this.#streams.get(simulationId);
    if (stream) {
      const room = simulationRoom(simulationId);
      for (const group of stream.groups.values()) {
        for (const connection of group.members) {
          this.#pager.end(connection, simulationId);
          connection.sink.notice({ kind: 'simulation_removed', simulationId, message });
          connection.subscriptions.delete(simulationId);
          connection.sink.leave?.(group.room);
          connection.sink.leave?.(room);
        }
      }
      for (const viewer of stream.raw) viewer.end(message);
      stream.stopListening();
      this.#streams.delete(simulationId);
    }
    this.#observer.removed?.(simulationId);
  }

  /** Stop listening to every runtime. */
  dispose(): void {
    for (const stream of this.#streams.values()) stream.stopListening();
    this.#streams.clear();
  }

  #ensure(runtime: CoreRuntime): SimulationStream {
    const existing = this.#streams.get(runtime.id);
    if (existing && existing.runtime === runtime) return existing;
    existing?.stopListening();
    const stream: SimulationStream = {
      runtime,
      groups: existing?.groups ?? new Map(),
      raw: existing?.raw ?? new Set(),
      stopListening: () => {},
    };
    stream.stopListening = runtime.onEvents((events) => this.#onTick(stream, events));
    this.#streams.set(runtime.id, stream);
    return stream;
  }

  #onTick(stream: SimulationStream, events: readonly Envelope[]): void {
    if (events.length === 0) return;
    for (const group of stream.groups.values()) {
      if (group.members.size === 0) continue;
      // One view per group, so a failing encoding affects only that group's viewers.
      try {
        const viewed = stream.runtime.viewFor(events, group.view);
        const batch = tickBatch(stream.runtime.id, events, viewed);
        if (batch) this.#broadcast(group.room, batch, group.members);
        this.#observer.delivered?.(viewed, group.members.size);
      } catch (error) {
        this.#observer.error?.(error, { simulationId: stream.runtime.id, where: 'broadcast' });
      }
    }
    if (stream.raw.size > 0) this.#sendRaw(stream, events);
  }

  #sendRaw(stream: SimulationStream, events: readonly Envelope[]): void {
    try {
      const viewed = stream.runtime.viewFor(events, RAW_VIEW);
      const texts = viewed.map((envelope) => JSON.stringify(toSeedMessage(envelope)));
      for (const viewer of stream.raw) {
        for (const text of texts) viewer.send(text);
      }
      this.#observer.deliveredRaw?.(viewed, texts, stream.raw.size);
    } catch (error) {
      this.#observer.error?.(error, { simulationId: stream.runtime.id, where: 'raw broadcast' });
    }
  }

  /** Leave the group of the connection's current view of a simulation (if any). */
  #leaveGroup(connection: CoreConnection, simulationId: string, leaveRoom = true): void {
    const previous = connection.subscriptions.get(simulationId);
    const stream = this.#streams.get(simulationId);
    if (!previous || !stream) return;
    const key = viewKey(previous);
    const group = stream.groups.get(key);
    if (!group) return;
    group.members.delete(connection);
    if (leaveRoom) connection.sink.leave?.(group.room);
    if (group.members.size === 0) stream.groups.delete(key);
  }

  #reportViewers(simulationId: string): void {
    this.#observer.viewers?.(simulationId, this.viewerCount(simulationId));
  }
}
