/**
 * What the parts of a cluster have spent, read from the parts themselves: each server's
 * Prometheus metrics (`/metrics`: process CPU, open connections) and Redis's `INFO cpu`.
 * CPU time, not wall time, so the figures hold up on a machine other work shares.
 */
import { Redis } from 'ioredis';

/** One server's counters at one moment. */
export interface ServerUsage {
  /** user + system CPU of the server process, ms. */
  cpuMs: number;
  /** Open client connections (every transport). */
  connections: number;
}

/** The sum of every sample `name{…} value` (or `name value`) in a Prometheus text page. */
function metricSum(page: string, name: string): number {
  let sum = 0;
  for (const line of page.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{'))
      continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * Read a server's CPU and connections from its `/metrics`.
 *
 * @example
 * const before = await serverUsage(node.url); // … work … then read again and subtract
 */
export async function serverUsage(url: string): Promise<ServerUsage> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const page = await response.text();
  return {
    cpuMs: metricSum(page, 'process_cpu_seconds_total') * 1_000,
    connections: metricSum(page, 'simstream_connections'),
  };
}

/**
 * Redis's own CPU (user + system of the server and its threads), ms.
 *
 * @example
 * const ms = await redisCpuMs(cluster.redis.url);
 */
export async function redisCpuMs(url: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('cpu');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
    return (field('used_cpu_sys') + field('used_cpu_user')) * 1_000;
  } finally {
    redis.disconnect();
  }
}
