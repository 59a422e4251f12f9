import { toSocketIo } from '@mswjs/socket.io-binding';
import type { ServerToClientEvents } from '@simstream/protocol';
import { decodePacket, encodePacket } from 'engine.io-parser';
import type { WebSocketHandlerConnection } from 'msw';
import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';

/** A command from the client, with its ack when the client asked for one. */
export interface WireCommand {
  event: string;
  payload: unknown;
  ack: ((response: unknown) => void) | null;
}

/** The mock server's end of one Socket.IO connection. */
export interface WireSocket {
  /** The msw connection id: unique per WebSocket. */
  readonly id: string;
  emit<E extends keyof ServerToClientEvents>(
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void;
  /** Close the WebSocket: the client sees a transport close and reconnects. */
  close(code?: number, reason?: string): void;
  /**
   * Half-open: keep the WebSocket open but drop every packet both ways (no acks, no events, no
   * heartbeat), the way a dead NAT entry or a suspended laptop looks to the other end.
   */
  goSilent(): void;
}

export interface WireOptions {
  onCommand(socket: WireSocket, command: WireCommand): void;
  onClose(socket: WireSocket): void;
}

/**
 * Engine.io heartbeat. The binding's handshake announces pingInterval 25 s + pingTimeout 5 s,
 * so the client closes a connection that has not pinged for 30 s: ping a little more often.
 */
const HEARTBEAT_MS = 20_000;
const encoder = new Encoder();

function sendSocketIoPacket(connection: WebSocketHandlerConnection, packet: Packet): void {
  for (const part of encoder.encode(packet)) {
    encodePacket({ type: 'message', data: part }, false, (frame) =>
      connection.client.send(frame as string),
    );
  }
}

/**
 * Accept a Socket.IO connection over an msw WebSocket connection. The handshake and event
 * emits go through `@mswjs/socket.io-binding`; acks, the heartbeat and half-open are added
 * here because the binding 0.2 has none of them (its `on()` drops the ack id).
 *
 * @example
 * link.addEventListener('connection', (connection) => {
 *   acceptSocketIo(connection, { onCommand: (socket, cmd) => cmd.ack?.({ ok: true }), onClose() {} });
 * });
 */
export function acceptSocketIo(
  connection: WebSocketHandlerConnection,
  options: WireOptions,
): WireSocket {
  const io = toSocketIo(connection);
  const decoder = new Decoder();
  let silent = false;
  let closed = false;

  const heartbeat = setInterval(() => {
    if (!silent && !closed) connection.client.send(encodePingFrame());
  }, HEARTBEAT_MS);

  const socket: WireSocket = {
    id: connection.client.id,
    emit(event, payload) {
      if (!silent && !closed) io.client.emit(event, payload);
    },
    close(code = 1000, reason = 'mock: connection dropped') {
      if (closed) return;
      connection.client.close(code, reason);
      finish();
    },
    goSilent() {
      silent = true;
    },
  };

  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    decoder.destroy();
    options.onClose(socket);
  };

  decoder.on('decoded', (packet: Packet) => {
    if (packet.type !== PacketType.EVENT || !Array.isArray(packet.data)) return;
    const [event, ...args] = packet.data as [unknown, ...unknown[]];
    if (typeof event !== 'string') return;
    const id = packet.id;
    const ack =
      id === undefined
        ? null
        : (response: unknown) => {
            if (silent || closed) return;
            sendSocketIoPacket(connection, {
              type: PacketType.ACK,
              nsp: '/',
              id,
              data: [response],
            });
          };
    options.onCommand(socket, { event, payload: args[0], ack });
  });

  connection.client.addEventListener('message', (message) => {
    if (silent || closed || typeof message.data !== 'string') return;
    const frame = decodePacket(message.data);
    // Only engine.io "message" frames carry Socket.IO packets; pongs ("3") need no answer.
    if (frame.type !== 'message' || typeof frame.data !== 'string') return;
    try {
      decoder.add(frame.data);
    } catch {
      // A malformed packet from the client is dropped, as socket.io's server does.
    }
  });
  connection.client.addEventListener('close', finish);
  return socket;
}

let pingFrame: string | null = null;
function encodePingFrame(): string {
  if (pingFrame === null)
    encodePacket({ type: 'ping' }, false, (frame) => (pingFrame = frame as string));
  return pingFrame ?? '2';
}

/**
 * Refuse a Socket.IO connection the way a server middleware does (`next(err)` with
 * `err.data`): engine.io opens, the namespace answers CONNECT_ERROR. The binding always
 * accepts, so this path does not use it.
 *
 * @example
 * refuseSocketIo(connection, { code: 'unauthorized', message: 'A valid token is required.' });
 */
export function refuseSocketIo(
  connection: WebSocketHandlerConnection,
  data: { code: string; message: string },
): void {
  // Like the binding's handshake: after the client's socket has opened.
  queueMicrotask(() => refuseNow(connection, data));
}

function refuseNow(
  connection: WebSocketHandlerConnection,
  data: { code: string; message: string },
): void {
  encodePacket(
    {
      type: 'open',
      data: JSON.stringify({
        sid: connection.client.id,
        upgrades: [],
        pingInterval: 25_000,
        pingTimeout: 5_000,
      }),
    },
    false,
    (frame) => connection.client.send(frame as string),
  );
  sendSocketIoPacket(connection, {
    type: PacketType.CONNECT_ERROR,
    nsp: '/',
    data: { message: data.code, data },
  });
}

/**
 * Fail a connection the way an unreachable server does: an `error` event, then a close. A
 * plain close before the handshake would leave socket.io-client waiting forever (it only
 * counts transport errors as connect failures), so the error is dispatched on the client's
 * mock WebSocket, which msw's interceptor exposes as `client.socket`.
 *
 * @example
 * if (down) return failConnection(connection);
 */
export function failConnection(connection: WebSocketHandlerConnection): void {
  const socket = (connection.client as { socket?: EventTarget }).socket;
  socket?.dispatchEvent(new Event('error'));
  connection.client.close(4503, 'mock: server down');
}
