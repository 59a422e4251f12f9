import {
  type SimulationRuntime,
  type SubscriberView,
  replayFrames,
  subscribeOk,
  tickBatch,
  viewKey,
} from '@simstream/hub';
import {
  type ClientToServerEvents,
  type Envelope,
  type InterServerEvents,
  type ServerToClientEvents,
  type SubscribeOk,
  toSeedMessage,
} from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Server, Socket } from 'socket.io';
import type { ServerMetrics } from '../metrics.js';
import type { SocketData } from './socketData.js';

export type IoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type IoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** A raw (seed-protocol) WebSocket viewer: gets every event as a seed message, full steps. */
export interface RawViewer {
  send(text: string): void;
  /** The simulation was removed: say so and close. */
  end(message: string): void;
}

const RAW_VIEW: SubscriberView = { types: null, steps: 'full' };

interface ViewGroup {
  view: SubscriberView;
  room: string;
  members: number;
}

interface SimulationStream {
  runtime: SimulationRuntime;
  stopListening: () => void;
  /** Socket.IO subscribers grouped by identical view: one encoding and one broadcast per group. */
  groups: Map<string, ViewGroup>;
  raw: Set<RawViewer>;
}

/** Room of every Socket.IO subscriber of a simulation, whatever its view (for notices). */
export function simulationRoom(simulationId: string): string {
  return `sim:${simulationId}`;
}

/**
 * The fan-out between hub runtimes and viewers. Listens to a runtime while anyone watches
 * it; per tick, encodes the tick once per distinct view and broadcasts one `events` frame
 * to that view's sub-room, and one seed message per event to raw WebSocket viewers.
 *
 * @example
 * const streams = new SimulationStreams(io, metrics, log);
 * const ack = streams.subscribe(socket, runtime, { types: null, steps: 'full' }, lastSeq);
 */
export class SimulationStreams {
  readonly #streams = new Map<string, SimulationStream>();
  /** JSON size per envelope, computed once however many groups receive it. */
  readonly #sizes = new WeakMap<Envelope, number>();

  constructor(
    private readonly io: IoServer,
    private readonly metrics: ServerMetrics,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Join the socket to the view's sub-room, then replay `seq > sinceSeq` to it (or answer
   * `resync` when `epoch` names another life of the simulation), all
   * synchronously: no tick can run in between, so nothing is missed or sent twice.
   * Returns the ack to send (after the replay frames, which are already queued).
   */
  subscribe(
    socket: IoSocket,
    runtime: SimulationRuntime,
    view: SubscriberView,
    sinceSeq?: number,
    epoch?: string,
  ): SubscribeOk {
    const stream = this.#ensure(runtime);
    this.#leaveGroup(socket, runtime.id);
    const key = viewKey(view);
    let group = stream.groups.get(key);
    if (!group) {
      group = { view, room: `${simulationRoom(runtime.id)}|${key}`, members: 0 };
      stream.groups.set(key, group);
    }
    group.members++;
    socket.join([simulationRoom(runtime.id), group.room]);
    socket.data.subscriptions.set(runtime.id, { types: view.types, steps: view.steps });
    this.#updateGauge(runtime.id);

    if (sinceSeq === undefined) return subscribeOk(runtime);
    const replay = runtime.replay(sinceSeq, epoch);
    this.metrics.replays.inc({ outcome: replay.resync ? 'miss' : 'hit' });
    if (replay.resync) return subscribeOk(runtime, replay);
    return subscribeOk(runtime, replay, this.#sendReplay(socket, runtime, replay.events, view));
  }

  /** Stop sending a simulation to a socket. Returns false when it was not subscribed. */
  unsubscribe(socket: IoSocket, simulationId: string): boolean {
    if (!socket.data.subscriptions.has(simulationId)) return false;
    this.#leaveGroup(socket, simulationId);
    socket.leave(simulationRoom(simulationId));
    socket.data.subscriptions.delete(simulationId);
    this.#updateGauge(simulationId);
    return true;
  }

  /** Forget a disconnected socket's subscriptions (Socket.IO already left its rooms). */
  dropSocket(socket: IoSocket): void {
    for (const simulationId of socket.data.subscriptions.keys()) {
      this.#leaveGroup(socket, simulationId);
      this.#updateGauge(simulationId);
    }
    socket.data.subscriptions.clear();
  }

  /** Add a raw WebSocket viewer; returns its removal. */
  addRawViewer(runtime: SimulationRuntime, viewer: RawViewer): () => void {
    const stream = this.#ensure(runtime);
    stream.raw.add(viewer);
    this.#updateGauge(runtime.id);
    return () => {
      const current = this.#streams.get(runtime.id);
      if (current?.raw.delete(viewer)) this.#updateGauge(runtime.id);
    };
  }

  /** Viewers of a simulation (Socket.IO subscriptions plus raw WebSocket viewers). */
  viewerCount(simulationId: string): number {
    const stream = this.#streams.get(simulationId);
    if (!stream) return 0;
    let count = stream.raw.size;
    for (const group of stream.groups.values()) count += group.members;
    return count;
  }

  /** A simulation was removed: tell its viewers, close raw ones and stop listening. */
  removeSimulation(simulationId: string, message: string): void {
    const stream = this.#streams.get(simulationId);
    const room = simulationRoom(simulationId);
    this.io.to(room).emit('notice', { kind: 'simulation_removed', simulationId, message });
    for (const socket of this.io.sockets.sockets.values()) {
      if (socket.data.subscriptions?.delete(simulationId)) {
        for (const r of [...socket.rooms]) if (r.startsWith(room)) socket.leave(r);
      }
    }
    if (stream) {
      for (const viewer of stream.raw) viewer.end(message);
      stream.stopListening();
      this.#streams.delete(simulationId);
    }
    this.metrics.subscriptions.remove({ simulation: simulationId });
  }

  /** Stop listening to every runtime. */
  dispose(): void {
    for (const stream of this.#streams.values()) stream.stopListening();
    this.#streams.clear();
  }

  #ensure(runtime: SimulationRuntime): SimulationStream {
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
      if (group.members === 0) continue;
      // One view per group, so a failing encoding affects only that group's viewers.
      try {
        const viewed = stream.runtime.viewFor(events, group.view);
        const batch = tickBatch(stream.runtime.id, events, viewed);
        if (batch) this.io.to(group.room).emit('events', batch);
        this.#count(viewed, group.members);
      } catch (err) {
        this.metrics.errors.inc({ code: 'internal' });
        this.log.error({ err, simulationId: stream.runtime.id }, 'broadcast failed');
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
      for (const [i, envelope] of viewed.entries()) {
        this.metrics.eventsSent.inc({ type: envelope.type }, stream.raw.size);
        this.metrics.bytesSent.inc(
          { type: envelope.type },
          Buffer.byteLength(texts[i] ?? '') * stream.raw.size,
        );
      }
    } catch (err) {
      this.metrics.errors.inc({ code: 'internal' });
      this.log.error({ err, simulationId: stream.runtime.id }, 'raw broadcast failed');
    }
  }

  #sendReplay(
    socket: IoSocket,
    runtime: SimulationRuntime,
    events: readonly Envelope[],
    view: SubscriberView,
  ): number {
    const viewed = runtime.viewFor(events, view);
    for (const frame of replayFrames(runtime.id, events, viewed)) {
      socket.emit('events', frame);
      this.#count(frame.events, 1);
    }
    return viewed.length;
  }

  #count(events: readonly Envelope[], recipients: number): void {
    for (const envelope of events) {
      this.metrics.eventsSent.inc({ type: envelope.type }, recipients);
      let size = this.#sizes.get(envelope);
      if (size === undefined) {
        size = Buffer.byteLength(JSON.stringify(envelope));
        this.#sizes.set(envelope, size);
      }
      this.metrics.bytesSent.inc({ type: envelope.type }, size * recipients);
    }
  }

  #leaveGroup(socket: IoSocket, simulationId: string): void {
    const previous = socket.data.subscriptions.get(simulationId);
    const stream = this.#streams.get(simulationId);
    if (!previous || !stream) return;
    const key = viewKey(previous);
    const group = stream.groups.get(key);
    if (!group) return;
    group.members = Math.max(0, group.members - 1);
    socket.leave(group.room);
    if (group.members === 0) stream.groups.delete(key);
  }

  #updateGauge(simulationId: string): void {
    this.metrics.subscriptions.set({ simulation: simulationId }, this.viewerCount(simulationId));
  }
}
