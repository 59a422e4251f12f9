/**
 * The cluster recipe on loopback: a private Redis, N server nodes (every one with REDIS_URL,
 * its own port and NODE_ID) and HAProxy in front. `npm run cluster` runs it for a user; the
 * cluster tests and the cluster benchmark run the very same parts and add faults (a node
 * SIGKILLed, restarted; Redis stopped and started on the same port and data).
 */
import { type HaproxyProcess, startHaproxy } from './haproxyProcess.js';
import { freePort } from './net.js';
import { type NodeProcess, nodeProcess } from './nodeProcess.js';
import { type RedisProcess, startRedisProcess } from './redisProcess.js';

export interface ClusterOptions {
  /** How many server nodes (default 3). */
  nodes?: number;
  /** Put HAProxy in front (default true). */
  loadBalancer?: boolean;
  /** The load balancer's port (default: a free one). */
  lbPort?: number;
  /** The first node's port; the others follow (default: free ones). */
  firstNodePort?: number;
  /**
   * Give the nodes REDIS_URL (default true). False runs them in memory mode, each on its own
   * — a baseline for benchmarks (Redis still starts, the nodes just do not use it).
   */
  useRedis?: boolean;
  /** Environment of every node (LOG_LEVEL, AUTH_JWT_SECRET, DEMO_SIMULATION, …). */
  env?: Record<string, string>;
  /** Every line any part prints, with the part's name (`redis`, `node1`, `haproxy`). */
  onLine?: (name: string, line: string) => void;
}

export interface Cluster {
  readonly redis: RedisProcess;
  readonly nodes: readonly NodeProcess[];
  /** The load balancer, when started. */
  readonly lb: HaproxyProcess | null;
  /** Where clients connect: the load balancer's URL, else the first node's. */
  readonly url: string;
  /** A node by index or name. */
  node(which: number | string): NodeProcess;
  /** Crash (SIGKILL, default) or stop (SIGTERM: graceful) a node and wait for its exit. */
  kill(which: number | string, signal?: NodeJS.Signals): Promise<void>;
  /** Stop a node gracefully if it runs, then start it again on the same port; waits for health. */
  restart(which: number | string): Promise<void>;
  /** Start a stopped node again on the same port (after `kill`); waits for health. */
  start(which: number | string): Promise<void>;
  /** Stop Redis (SIGTERM flushes its append-only file; SIGKILL cuts it). */
  stopRedis(signal?: NodeJS.Signals): Promise<void>;
  /** Start Redis again on the same port with the same data. */
  startRedis(): Promise<void>;
  /** Wait until the load balancer reports `name` in `status` (`UP` or `DOWN`). */
  waitForLb(which: number | string, status: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  /** Stop everything (load balancer, nodes gracefully, Redis) and remove temporary files. */
  close(): Promise<void>;
}

async function nodePorts(count: number, first: number | undefined): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(first ? first + i : await freePort());
  return ports;
}

/**
 * Start Redis, the nodes (in parallel) and the load balancer; every part is healthy when
 * this resolves. On a failure, whatever started is stopped again before the error is thrown.
 *
 * @example
 * const cluster = await startCluster({ nodes: 3, env: { LOG_LEVEL: 'warn' } });
 * await cluster.kill('node2', 'SIGKILL');
 * await cluster.start('node2');
 * await cluster.close();
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const onLine = options.onLine ?? (() => {});
  const redis = await startRedisProcess({ onLine: (line) => onLine('redis', line) });
  const ports = await nodePorts(options.nodes ?? 3, options.firstNodePort);
  const nodes = ports.map((port, i) => {
    const name = `node${i + 1}`;
    const env = {
      ...(options.useRedis === false ? {} : { REDIS_URL: redis.url }),
      // HAProxy (on loopback) forwards each client's address; per-address limits need it.
      ...(options.loadBalancer === false ? {} : { TRUST_PROXY: '127.0.0.1' }),
      ...options.env,
    };
    return nodeProcess({ name, port, env, onLine: (line) => onLine(name, line) });
  });
  let lb: HaproxyProcess | null = null;
  const stopAll = async () => {
    await lb?.stop();
    await Promise.all(nodes.map((node) => node.stop('SIGTERM')));
    await redis.remove();
  };
  try {
    await Promise.all(nodes.map((node) => node.start()));
    if (options.loadBalancer !== false) {
      lb = await startHaproxy({
        port: options.lbPort || (await freePort()),
        nodes: nodes.map((node) => ({ name: node.name, address: `127.0.0.1:${node.port}` })),
        onLine: (line) => onLine('haproxy', line),
      });
      // HAProxy answers through the first node it finds healthy; until every node is UP there,
      // leastconn would pile the first clients onto the nodes it already counts.
      await waitAllUp(
        lb,
        nodes.map((n) => n.name),
      );
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  const node = (which: number | string) => {
    const found = typeof which === 'number' ? nodes[which] : nodes.find((n) => n.name === which);
    if (!found) throw new Error(`no node ${which}; nodes are ${nodes.map((n) => n.name)}`);
    return found;
  };
  return {
    redis,
    nodes,
    lb,
    url: lb?.url ?? nodes[0]?.url ?? '',
    node,
    kill: (which, signal = 'SIGKILL') => node(which).stop(signal),
    async restart(which) {
      await node(which).stop('SIGTERM');
      await node(which).start();
    },
    start: (which) => node(which).start(),
    stopRedis: (signal) => redis.stop(signal),
    startRedis: () => redis.start(),
    async waitForLb(which, status, timeoutMs = 15_000) {
      const name = node(which).name;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const seen = (await lb?.stats())?.[name]?.status ?? 'no load balancer';
        if (seen === status) return;
        if (Date.now() > deadline) throw new Error(`${name} is ${seen} at the load balancer`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: stopAll,
  };
}

/** Wait until the load balancer reports every one of `names` UP (its health checks passed). */
async function waitAllUp(lb: HaproxyProcess, names: readonly string[], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await lb.stats();
    const down = names.filter((name) => stats[name]?.status !== 'UP');
    if (down.length === 0) return;
    if (Date.now() > deadline) throw new Error(`not UP at the load balancer: ${down.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
