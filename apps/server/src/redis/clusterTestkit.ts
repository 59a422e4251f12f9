/**
 * Cluster nodes for in-process tests: several real servers (Fastify + Socket.IO + ws) in the
 * test's process, each a `createClusterServer` node on one private redis-server. Not part of
 * the server's runtime.
 */
import { loadConfig } from '../config.js';
import { createClusterServer } from '../clusterServer.js';
import type { SimstreamServer } from '../server.js';
import type { RedisHub } from './redisHub.js';

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
  const server = await createClusterServer(config, { nodeId: `node-${name}` });
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
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
