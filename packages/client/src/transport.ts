import {
  type ClientToServerEvents,
  SOCKET_IO_PATH,
  type ServerToClientEvents,
} from '@simstream/protocol';

/** Socket.IO's reserved client-side events the client listens to. */
export interface ReservedSocketEvents {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (error: Error & { data?: unknown }) => void;
}

/** Every event a stream socket can emit to its listeners. */
export type StreamSocketListenEvents = ServerToClientEvents & ReservedSocketEvents;

/**
 * The socket-like object the client drives: the shape of socket.io-client's
 * `Socket<ServerToClientEvents, ClientToServerEvents>` it needs, and no more — so tests and
 * the mock stream can hand in an in-memory transport that runs the same client code.
 * `reconnection` stays off: the client owns the retry state machine.
 *
 * @example
 * const transport: TransportFactory = () => myFakeSocket;
 * createStreamClient({ url: 'http://sim.test', transport });
 */
export interface StreamSocket {
  readonly connected: boolean;
  connect(): void;
  disconnect(): void;
  on<E extends keyof StreamSocketListenEvents>(
    event: E,
    listener: StreamSocketListenEvents[E],
  ): void;
  off<E extends keyof StreamSocketListenEvents>(
    event: E,
    listener: StreamSocketListenEvents[E],
  ): void;
  emit<E extends keyof ClientToServerEvents>(
    event: E,
    ...args: Parameters<ClientToServerEvents[E]>
  ): void;
}

/**
 * A bearer token, or a function that returns a fresh one: called for every handshake
 * (each reconnect) and every REST call, so a short-lived token is renewed without a new client.
 *
 * @example
 * createStreamClient({ url, auth: async () => (await fetch('/token')).text() });
 */
export type AuthToken = string | (() => string | Promise<string>);

/**
 * The current token of `auth` (undefined when none).
 *
 * @example
 * const token = await currentToken(options.auth);
 */
export async function currentToken(auth: AuthToken | undefined): Promise<string | undefined> {
  const token = typeof auth === 'function' ? await auth() : auth;
  return token ? token : undefined;
}

/** Socket.IO's handshake `auth`: a function when the token must be fetched per handshake. */
function handshakeAuth(options: TransportOptions) {
  const { auth, viewerId } = options;
  const fields = (token: string | undefined) => ({
    ...(token ? { token } : {}),
    ...(viewerId ? { viewerId } : {}),
  });
  if (typeof auth !== 'function') return auth || viewerId ? { auth: fields(auth) } : {};
  return {
    // A failing callback still connects (without a token): the server's refusal is the error shown.
    auth: (cb: (data: object) => void) => {
      currentToken(auth).then(
        (token) => cb(fields(token)),
        () => cb(fields(undefined)),
      );
    },
  };
}

/** What a transport factory receives. */
export interface TransportOptions {
  url: string;
  /** Bearer token sent in each Socket.IO handshake (`auth: { token }`); a function is called per handshake. */
  auth?: AuthToken;
  /** Label of this viewer, shown to others as `answered_by` (`auth: { viewerId }`). */
  viewerId?: string;
  /** A socket.io parser (e.g. `socket.io-msgpack-parser`) when the server uses one. */
  parser?: unknown;
}

/** Creates the client's one socket (called once per client, not once per reconnect). */
export type TransportFactory = (options: TransportOptions) => StreamSocket;

type SocketIoModule = typeof import('socket.io-client');

/**
 * The default transport: socket.io-client over WebSocket only, with its own reconnection
 * off (the client's state machine retries) and `autoConnect: false` (connect is lazy).
 * socket.io-client is loaded on first connect, so importing the kit during SSR stays cheap.
 *
 * @example
 * createStreamClient({ url: 'http://localhost:17170', transport: socketIoTransport });
 */
export const socketIoTransport: TransportFactory = (options) => {
  type IoSocket = import('socket.io-client').Socket<ServerToClientEvents, ClientToServerEvents>;
  let socket: IoSocket | null = null;
  let loading: Promise<IoSocket> | null = null;
  // Listeners registered before socket.io-client finished loading, replayed onto it.
  const early: Array<[string, (...args: never[]) => void]> = [];
  let wantConnected = false;

  const load = (): Promise<IoSocket> => {
    loading ??= import('socket.io-client').then((mod: SocketIoModule) => {
      const ioOptions: Parameters<SocketIoModule['io']>[1] = {
        path: SOCKET_IO_PATH,
        transports: ['websocket'],
        reconnection: false,
        autoConnect: false,
        // One Manager per client: the client already shares itself per URL, and its own
        // auth/parser must not leak into another client's multiplexed connection.
        forceNew: true,
        ...handshakeAuth(options),
        ...(options.parser ? { parser: options.parser } : {}),
      };
      const created: IoSocket = options.url ? mod.io(options.url, ioOptions) : mod.io(ioOptions);
      for (const [event, listener] of early) {
        (created as unknown as { on(e: string, l: unknown): void }).on(event, listener);
      }
      socket = created;
      if (wantConnected) created.connect();
      return created;
    });
    return loading;
  };

  return {
    get connected() {
      return socket?.connected ?? false;
    },
    connect() {
      wantConnected = true;
      if (socket) socket.connect();
      else void load();
    },
    disconnect() {
      wantConnected = false;
      socket?.disconnect();
    },
    on(event, listener) {
      if (socket) (socket as unknown as { on(e: string, l: unknown): void }).on(event, listener);
      else early.push([event, listener as (...args: never[]) => void]);
    },
    off(event, listener) {
      if (socket) (socket as unknown as { off(e: string, l: unknown): void }).off(event, listener);
      const i = early.findIndex(([e, l]) => e === event && l === listener);
      if (i >= 0) early.splice(i, 1);
    },
    emit(event, ...args) {
      (socket as unknown as { emit(e: string, ...a: unknown[]): void } | null)?.emit(
        event,
        ...args,
      );
    },
  };
};
