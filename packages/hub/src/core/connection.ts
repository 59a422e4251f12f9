import type { EventBatch, ServerNotice } from '@simstream/protocol';
import type { MaybePromise } from '../maybePromise.js';
import type { SubscriberView } from '../types.js';
import type { Grant } from './access.js';

/**
 * The transport's end of one client connection, as the core sees it: how to send this one
 * connection a frame or a notice, and — for transports that group connections themselves
 * (Socket.IO rooms) — how to join and leave a group. Adapters implement it in a few lines.
 *
 * @example
 * const sink: ConnectionSink = {
 *   send: (batch) => socket.emit('events', batch),
 *   notice: (notice) => socket.emit('notice', notice),
 *   join: (room) => socket.join(room),
 *   leave: (room) => socket.leave(room),
 * };
 */
export interface ConnectionSink {
  /** Send one `events` frame to this connection only (replay frames; live ones without rooms). */
  send(batch: EventBatch): void;
  /** Send one `notice` frame to this connection. */
  notice(notice: ServerNotice): void;
  /** Join a fan-out room (only transports that broadcast to rooms need it). */
  join?(room: string): void;
  /** Leave a fan-out room. */
  leave?(room: string): void;
  /**
   * Backpressure, for transports that have it: call `resume` once what was sent so far has
   * gone out (the socket drained). With it a replay is sent page by page as the connection
   * drains, and the connection joins its live room once caught up; without it the whole
   * replay is sent at once.
   */
  whenDrained?(resume: () => void): void;
  /** Close the connection (the client reconnects by itself) after telling it why. */
  cut?(notice: ServerNotice): void;
}

/**
 * One client connection of the core: who it is, what it watches, and where its frames go.
 * Made by `core.connect(sink, …)`; its commands run through `connection.handle(…)`.
 */
export interface CoreConnection {
  /** The transport's id of the connection (Socket.IO socket id, msw connection id, …). */
  readonly id: string;
  /** Stable label of the viewer, shown to others as `answered_by`. */
  readonly viewerId: string;
  /** What its token allows (undefined: an open server, everything is allowed). */
  readonly grant?: Grant;
  /** Subscriptions by simulation id, with the view each asked for. */
  readonly subscriptions: Map<string, SubscriberView>;
  readonly sink: ConnectionSink;
  /**
   * Run one client command (`subscribe`, `unsubscribe`, `decision:answer`, `ping`) and return
   * its ack — at once, or later on a cluster node (a mutation is logged first). Never throws
   * or rejects: invalid input and internal failures come back as error acks.
   */
  handle(event: string, payload: unknown): MaybePromise<object>;
  /** The transport closed: forget its subscriptions (its rooms are gone with it). */
  close(): void;
  /** Closed already: a command that finishes later (a cluster node's subscribe) must not join anything. */
  readonly closed: boolean;
}
