/**
 * The cluster tests' fixture: the cluster recipe of `npm run cluster` (scripts/cluster) —
 * a private redis-server, N `apps/server` node processes with REDIS_URL, and HAProxy in
 * front — started once per test file, with faults at hand (`kill`, `restart`, `stopRedis`,
 * `startRedis`) and real socket.io-client connections closed after each test. When a test
 * fails, every part's last output lines are printed.
 */
import type { HealthResponse } from '../../apps/server/src/index.js';
import { type ManagerOptions, type SocketOptions, io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ClientSocket } from '../../apps/server/src/serverTestkit.js';
import { type Cluster, type ClusterOptions, startCluster } from '../../scripts/cluster/cluster.js';

export interface ClusterFixture {
  /** The running cluster (throws before `beforeAll` has started it). */
  readonly cluster: Cluster;
  /**
   * A socket.io client (WebSocket only, as the kit's client) of `url` — the load balancer
   * unless told — closed after the test. Reconnects by itself unless `reconnection: false`.
   */
  connect(url?: string, options?: Partial<ManagerOptions & SocketOptions>): Promise<ClientSocket>;
  /** Close a client now (and stop tracking it). */
  disconnect(socket: ClientSocket): void;
  /** The last output lines of every part, for a failure's message. */
  diagnostics(): string;
}

/** GET `/api/v1/health` of a node (or the load balancer). */
export async function health(url: string): Promise<HealthResponse> {
  const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
  return (await res.json()) as HealthResponse;
}

/**
 * A socket.io client over WebSocket (as the kit's client), resolved once connected. Unlike
 * serverTestkit's `connectSocket` it keeps reconnecting after a later `connect_error` (a
 * node going away is what these tests are about); a first connection that fails rejects.
 *
 * @example
 * const socket = await connectClient(cluster.url);
 */
export function connectClient(
  url: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1_000,
    ...options,
  });
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('connect_error', failed);
    socket.once('connect', () => {
      socket.off('connect_error', failed);
      resolve(socket);
    });
  });
}

/**
 * Start the cluster before the file's tests and stop it after them (no process or file left).
 * Nodes log at `warn`, without the demo simulation, unless `options.env` says otherwise.
 *
 * @example
 * const t = clusterForFile({ nodes: 3 });
 * it('survives a crash', async () => {
 *   const socket = await t.connect();
 *   await t.cluster.kill('node2');
 * });
 */
export function clusterForFile(options: ClusterOptions = {}): ClusterFixture {
  let cluster: Cluster | null = null;
  const sockets = new Set<ClientSocket>();
  const lines = new Map<string, string[]>();
  const onLine = (name: string, line: string) => {
    const kept = lines.get(name) ?? [];
    kept.push(line);
    if (kept.length > 30) kept.shift();
    lines.set(name, kept);
    options.onLine?.(name, line);
  };
  const fixture: ClusterFixture = {
    get cluster() {
      if (!cluster)
        throw new Error('the cluster is not running (clusterForFile starts it in beforeAll)');
      return cluster;
    },
    async connect(url, clientOptions = {}) {
      const socket = await connectClient(url ?? fixture.cluster.url, clientOptions);
      sockets.add(socket);
      return socket;
    },
    disconnect(socket) {
      socket.close();
      sockets.delete(socket);
    },
    diagnostics: () =>
      [...lines].map(([name, kept]) => `--- ${name}\n${kept.join('\n')}`).join('\n'),
  };
  beforeAll(async () => {
    cluster = await startCluster({
      ...options,
      env: { LOG_LEVEL: 'warn', DEMO_SIMULATION: 'off', ...options.env },
      onLine,
    });
  });
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`cluster output:\n${fixture.diagnostics()}`));
  });
  afterEach(() => {
    for (const socket of sockets) socket.close();
    sockets.clear();
  });
  afterAll(async () => {
    await cluster?.close();
    cluster = null;
  });
  return fixture;
}
