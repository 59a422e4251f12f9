/**
 * Helpers for the server's tests: a real server on an ephemeral port, real socket.io-client
 * and ws clients. Not part of the server's runtime.
 */
import type { SimulationRuntime } from '@simstream/hub';
import type {
  ClientToServerEvents,
  CreateSimulationRequest,
  EventBatch,
  ServerNotice,
  ServerToClientEvents,
} from '@simstream/protocol';
import { type ManagerOptions, type Socket, type SocketOptions, io } from 'socket.io-client';
import { afterEach, beforeEach } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from './config.js';
import { type CreateServerOptions, type SimstreamServer, createServer } from './server.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  server: SimstreamServer;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>` */
  wsUrl: string;
  close(): Promise<void>;
}

/**
 * Start a real server on port 0 (no demo simulation unless asked, silent logs).
 *
 * @example
 * const t = await startTestServer({ PARSER: 'msgpack' });
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: CreateServerOptions = {},
): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DEMO_SIMULATION: 'off',
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...env,
  });
  const server = await createServer(config, options);
  const url = (await server.listen()).replace('localhost', '127.0.0.1');
  return { server, url, wsUrl: url.replace(/^http/, 'ws'), close: () => server.close() };
}

/** A test file's server, with the clients it opened: all closed after each test. */
export interface ServerFixture extends TestServer {
  /** (Re)start this test's server with other settings; the previous one is closed first. */
  start(env?: Record<string, string>, options?: CreateServerOptions): Promise<void>;
  /** A socket.io client of this server (see {@link connectSocket}), closed after the test. */
  connect(options?: Partial<ManagerOptions & SocketOptions>): Promise<ClientSocket>;
  /** A raw WebSocket to `path` of this server (see {@link openRaw}), terminated after the test. */
  openRaw(path: string, headers?: Record<string, string>): Promise<RawClient>;
  /** Terminate this WebSocket after the test. */
  track(ws: WebSocket): void;
}

/**
 * Give every test of the file a fresh server (started before each test unless `env` is
 * `null`: then each test calls `start`), and close it and every client opened through the
 * fixture after each test. The fixture stands for the current server wherever a
 * {@link TestServer} is wanted.
 *
 * @example
 * const t = useTestServer({ MAX_MESSAGE_RATE: '50' });
 * it('streams', async () => {
 *   const socket = await t.connect();
 *   createManualSimulation(t, { id: 'sim-a' });
 * });
 */
export function useTestServer(
  env: Record<string, string> | null = {},
  options: CreateServerOptions = {},
): ServerFixture {
  let current: TestServer | null = null;
  const sockets: ClientSocket[] = [];
  const raws: WebSocket[] = [];
  const server = (): TestServer => {
    if (!current) throw new Error('no test server: call start() first');
    return current;
  };
  const fixture: ServerFixture = {
    get server() {
      return server().server;
    },
    get url() {
      return server().url;
    },
    get wsUrl() {
      return server().wsUrl;
    },
    close: () => server().close(),
    async start(nextEnv = {}, nextOptions = {}) {
      await current?.close();
      current = await startTestServer(nextEnv, nextOptions);
    },
    async connect(clientOptions = {}) {
      const socket = await connectSocket(server().url, clientOptions);
      sockets.push(socket);
      return socket;
    },
    async openRaw(path, headers = {}) {
      const raw = await openRaw(`${server().wsUrl}${path}`, headers);
      raws.push(raw.ws);
      return raw;
    },
    track(ws) {
      raws.push(ws);
    },
  };
  if (env) beforeEach(() => fixture.start(env, options));
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const ws of raws.splice(0)) ws.terminate();
    await current?.close();
    current = null;
  });
  return fixture;
}

/**
 * A simulation that only moves when the test steps it (`autoStart: false`).
 *
 * @example
 * const sim = createManualSimulation(t, { id: 'sim-a' });
 * sim.stepNow();
 */
export function createManualSimulation(
  t: TestServer,
  request: CreateSimulationRequest = {},
): SimulationRuntime {
  const created = t.server.hub.create({ banks: 8, funds: 2, autoStart: false, ...request });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

/**
 * A small simulation that steps on its own (every 10 ms unless `stepIntervalMs` says
 * otherwise): live events while a test watches.
 *
 * @example
 * const sim = createRunningSimulation(t, { id: 'sim-running' });
 * await waitFor(() => sim.seq >= 5);
 */
export function createRunningSimulation(
  t: TestServer,
  request: CreateSimulationRequest = {},
): SimulationRuntime {
  return createManualSimulation(t, { stepIntervalMs: 10, ...request, autoStart: true });
}

/**
 * Connect a socket.io client over WebSocket and wait for `connect` (rejects on connect_error).
 *
 * @example
 * const socket = await connectSocket(t.url);
 */
export function connectSocket(
  url: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...options,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Everything a socket receives, in order. */
export interface Received {
  batches: EventBatch[];
  notices: ServerNotice[];
  /** Seqs of every envelope received, in order. */
  seqs(): number[];
}

/**
 * Record a socket's `events` and `notice` frames.
 *
 * @example
 * const received = record(socket);
 * await waitFor(() => received.seqs().length >= 3);
 */
export function record(socket: ClientSocket): Received {
  const batches: EventBatch[] = [];
  const notices: ServerNotice[] = [];
  socket.on('events', (batch) => batches.push(batch));
  socket.on('notice', (notice) => notices.push(notice));
  return { batches, notices, seqs: () => batches.flatMap((b) => b.events.map((e) => e.seq)) };
}

/**
 * Poll until `predicate` holds (no fixed sleeps in tests).
 *
 * @example
 * await waitFor(() => received.batches.length === 2);
 */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Round-trip a ping so every frame the server sent before it has arrived. */
export async function flush(socket: ClientSocket): Promise<void> {
  await socket.timeout(5_000).emitWithAck('ping', { type: 'ping' });
}

/** A raw WebSocket with its received messages parsed. */
export interface RawClient {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * Open a raw WebSocket (the seed endpoint) and record its messages.
 *
 * @example
 * const raw = await openRaw(`${t.wsUrl}/api/v1/ws/simulation/sim-a`);
 */
export function openRaw(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const ws = new WebSocket(url, { headers });
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('error', reject);
  });
}
