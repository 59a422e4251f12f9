import type { ConnectionSink } from '@simstream/hub';
import type { EventBatch, ServerNotice } from '@simstream/protocol';
import { cutSocket, whenDrained } from './backpressure.js';
import type { IoSocket } from './types.js';

/**
 * The core's end of one Socket.IO socket: frames and notices go to the socket, rooms to
 * Socket.IO's adapter, back-pressure and cuts to engine.io. A class rather than an object of
 * arrow functions, because every idle connection of the server holds one: methods on the
 * prototype cost a connection nothing, closures cost each one its own.
 *
 * @example
 * const connection = core.connect(new SocketSink(socket), { id: socket.id, viewerId });
 */
export class SocketSink implements ConnectionSink {
  readonly #socket: IoSocket;

  constructor(socket: IoSocket) {
    this.#socket = socket;
  }

  send(batch: EventBatch): void {
    this.#socket.emit('events', batch);
  }

  notice(notice: ServerNotice): void {
    this.#socket.emit('notice', notice);
  }

  join(room: string): void {
    void this.#socket.join(room);
  }

  leave(room: string): void {
    void this.#socket.leave(room);
  }

  whenDrained(resume: () => void): void {
    whenDrained(this.#socket, resume);
  }

  cut(notice: ServerNotice): void {
    cutSocket(this.#socket, notice);
  }
}
