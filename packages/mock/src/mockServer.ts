import { type CoreConnection, type ServerCore, whenReady } from '@simstream/hub';
import type { WireCommand, WireSocket } from './socketIoWire.js';

/** Faults the mock server can be put in. */
export interface ServerFaults {
  /** Refuse WebSockets (closed at once) and fail REST with a network error. */
  down: boolean;
  /** Refuse the Socket.IO handshake and REST with `unauthorized`. */
  unauthorized: boolean;
}

/**
 * The msw socket adapter of the server core: each accepted msw Socket.IO connection becomes a
 * core connection whose frames go to that socket (the binding has no rooms, so the fan-out
 * sends to each member), and each command's ack comes from the core — the same code that
 * answers `apps/server`'s sockets.
 *
 * @example
 * const server = new MockServer(core);
 * link.addEventListener('connection', (c) => server.accept(acceptSocketIo(c, server.wireOptions)));
 */
export class MockServer {
  readonly faults: ServerFaults = { down: false, unauthorized: false };
  readonly #connections = new Map<string, { socket: WireSocket; connection: CoreConnection }>();
  #viewerCount = 0;

  constructor(readonly core: ServerCore) {}

  /** Options for `acceptSocketIo`, bound to this server. */
  readonly wireOptions = {
    onCommand: (socket: WireSocket, command: WireCommand) => {
      const entry = this.#connections.get(socket.id);
      if (!entry) return;
      whenReady(entry.connection.handle(command.event, command.payload), (ack) =>
        command.ack?.(ack),
      );
    },
    onClose: (socket: WireSocket) => {
      this.#connections.get(socket.id)?.connection.close();
      this.#connections.delete(socket.id);
    },
  };

  /** Register an accepted socket. Viewer labels are stable per connection: `viewer-1`, … */
  accept(socket: WireSocket): void {
    this.#viewerCount += 1;
    const connection = this.core.connect(
      {
        send: (batch) => socket.emit('events', batch),
        notice: (notice) => socket.emit('notice', notice),
      },
      { id: socket.id, viewerId: `viewer-${this.#viewerCount}` },
    );
    this.#connections.set(socket.id, { socket, connection });
  }

  /** Open Socket.IO connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Subscribers of one simulation (for `summary().viewers`). */
  viewers(simulationId: string): number {
    return this.core.fanout.viewerCount(simulationId);
  }

  /** Close every open connection; clients see a transport close and reconnect. */
  dropAll(code?: number): void {
    for (const { socket } of [...this.#connections.values()]) socket.close(code);
  }

  /** Make every open connection half-open (open, but silently dropping all packets). */
  silenceAll(): void {
    for (const { socket } of this.#connections.values()) socket.goSilent();
  }

  dispose(): void {
    this.dropAll();
    this.core.dispose();
  }
}
