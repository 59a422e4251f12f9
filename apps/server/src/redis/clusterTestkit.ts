/**
 * Cluster nodes for in-process tests: several real servers (Fastify + Socket.IO + ws) in the
 * test's process, each a `createClusterServer` node on one private redis-server. Not part of
 * the server's runtime.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadConfig } from '../config.js';
import { createClusterServer } from '../clusterServer.js';
import type { SimstreamServer } from '../server.js';
import { type ClientSocket, connectSocket } from '../serverTestkit.js';
import type { RedisHub } from './redisHub.js';
import { type TestRedis, startRedis } from './redisTestkit.js';

export interface TestNode {
  name: string;
  server: SimstreamServer<RedisHub>;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Graceful stop: leases handed over. */
  close(): Promise<void>;
  /** As if the process died: no hand-over, nothing more written; its leases run out. */
  crash(): Promise<void>;
}

/**
 * Start one node on `redisUrl` (port 0, silent, no demo unless `env` says so).
 *
 * @example
 * const a = await startNode(redis.url, 'a', { REDIS_LEASE_MS: '600' });
 */
export async function startNode(
  redisUrl: string,
  name: string,
  env: Record<string, string> = {},
  options: { commandTimeoutMs?: number } = {},
): Promise<TestNode> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DEMO_SIMULATION: 'off',
    SHUTDOWN_TIMEOUT_MS: '2000',
    REDIS_URL: redisUrl,
    HTTP_RATE_LIMIT: '1000000',
    CREATE_RATE_LIMIT: '1000000',
    MAX_MESSAGE_RATE: '10000',
    ...env,
  });
  const server = await createClusterServer(config, { nodeId: `node-${name}`, ...options });
  const url = (await server.listen()).replace('localhost', '127.0.0.1');
  let closed: Promise<void> | null = null;
  return {
    name,
    server,
    url,
    close: () => {
      closed ??= server.close();
      return closed;
    },
    crash: () => {
      server.hub.dispose();
      closed ??= server.close();
      return closed;
    },
  };
}

/**
 * JSON over HTTP against a node.
 *
 * @example
 * const { status, body } = await rest(node.url, 'POST', '/api/v1/simulations', { id: 'sim-1' });
 */
export async function rest(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

export interface InProcessCluster {
  /** The file's redis-server (throws before `beforeAll` started it). */
  readonly redis: TestRedis;
  /** Start a node (2 s leases unless `env` says otherwise), closed after the test. */
  node(
    name: string,
    env?: Record<string, string>,
    options?: { commandTimeoutMs?: number },
  ): Promise<TestNode>;
  /** A Socket.IO client of a node, closed after the test. */
  connect(url: string): Promise<ClientSocket>;
}

/**
 * The in-process cluster tests' fixture: one private redis-server per test file; nodes and
 * sockets a test starts are closed after it, and Redis is flushed, so tests do not meet each
 * other's simulations.
 *
 * @example
 * const t = inProcessClusterForFile();
 * it('adopts', async () => {
 *   const [a, b] = [await t.node('a'), await t.node('b')];
 *   const socket = await t.connect(b.url);
 * });
 */
export function inProcessClusterForFile(): InProcessCluster {
  let redis: TestRedis | null = null;
  const nodes: TestNode[] = [];
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  }, 60_000);
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await Promise.all(nodes.splice(0).map((node) => node.close()));
    await redis?.client().flushall();
  });
  afterAll(() => redis?.stop());
  const fixture: InProcessCluster = {
    get redis() {
      if (!redis) throw new Error('redis-server is not running (started in beforeAll)');
      return redis;
    },
    async node(name, env = {}, options = {}) {
      const started = await startNode(
        fixture.redis.url,
        name,
        { REDIS_LEASE_MS: '2000', ...env },
        options,
      );
      nodes.push(started);
      return started;
    },
    async connect(url) {
      const socket = await connectSocket(url);
      sockets.push(socket);
      return socket;
    },
  };
  return fixture;
}
