/**
 * Delivery through a set of server processes (the nodes of a cluster behind its load balancer,
 * or one embedded server): stock socket.io-client viewers in client processes subscribe to the
 * running simulations, and over a window we count the events they received, what the
 * simulations produced meanwhile, and the CPU every server (and Redis) spent.
 */
import { Child, sleep } from '../lib/child.js';
import type { ClientReply, ClientRequest } from '../fanout/messages.js';
import { summary } from './rest.js';
import { redisCpuMs, serverUsage } from './usage.js';

export interface DeliveryOptions {
  /** Where the viewers connect: the load balancer, or the embedded server. */
  clientUrl: string;
  /** Every server process serving them (its CPU and connections are read). */
  serverUrls: readonly string[];
  /** Redis, when the servers use it (its CPU counts too). */
  redisUrl?: string;
  /** The simulations, running; viewers are spread over them round robin. */
  simulationIds: readonly string[];
  viewers: number;
  clientProcesses: number;
  windowMs: number;
}

export interface DeliveryResult {
  /** Viewers connected and subscribed. */
  viewers: number;
  /** Viewers whose connection or subscription failed (cut, refused, or no ack within 60 s). */
  failed: number;
  /** Open connections per server, as each server counts them. */
  perServer: number[];
  /** Events received by all viewers per second over the window. */
  deliveredPerSec: number;
  /** Events the simulations produced over the window times their viewers, per second. */
  offeredPerSec: number;
  /** CPU of every server (and Redis) over the window per delivered event, µs. */
  cpuUsPerEvent: number;
  /** Of which Redis, µs. */
  redisUsPerEvent: number;
}

/** How many of `count` sockets, subscribed round robin, land on each of `ids` simulations. */
function spread(count: number, ids: number): number[] {
  return Array.from({ length: ids }, (_, s) => Math.floor(count / ids) + (s < count % ids ? 1 : 0));
}

async function seqs(url: string, ids: readonly string[]): Promise<number[]> {
  return Promise.all(ids.map(async (id) => (await summary(url, id)).seq));
}

async function cpuMs(options: DeliveryOptions): Promise<{ servers: number; redis: number }> {
  const usage = await Promise.all(options.serverUrls.map((url) => serverUsage(url)));
  const redis = options.redisUrl ? await redisCpuMs(options.redisUrl) : 0;
  return { servers: usage.reduce((sum, u) => sum + u.cpuMs, 0), redis };
}

/**
 * Connect the viewers, let them settle, then count one window.
 *
 * @example
 * const run = await measureDelivery({ clientUrl: cluster.url, serverUrls, redisUrl, simulationIds, viewers: 300, clientProcesses: 2, windowMs: 5_000 });
 */
export async function measureDelivery(options: DeliveryOptions): Promise<DeliveryResult> {
  const { simulationIds: ids } = options;
  const perChild = spread(options.viewers, options.clientProcesses);
  const children = await Promise.all(
    perChild.map(async (count) => {
      const { child } = await Child.start<ClientRequest, ClientReply>(
        new URL('../fanout/clientChild.ts', import.meta.url),
        ['simstream', options.clientUrl, String(count), ids.join(',')],
      );
      return child;
    }),
  );
  try {
    const connects = await Promise.all(children.map((c) => c.request({ cmd: 'connect' })));
    const connected = connects.reduce((sum, r) => sum + r.connected, 0);
    const failed = connects.reduce((sum, r) => sum + r.failed, 0);
    if (connected === 0) throw new Error(`none of ${options.viewers} viewers could subscribe`);
    // Subscribers per simulation: each child subscribes its sockets round robin from the first
    // id (failed ones are few and spread, so the count is close).
    const subscribers = ids.map((_, s) =>
      perChild.reduce((sum, count) => sum + (spread(count, ids.length)[s] ?? 0), 0),
    );
    await sleep(Math.min(1_000, options.windowMs / 3));
    const perServer = (await Promise.all(options.serverUrls.map((url) => serverUsage(url)))).map(
      (u) => u.connections,
    );
    const seqBefore = await seqs(options.serverUrls[0] ?? options.clientUrl, ids);
    const cpuBefore = await cpuMs(options);
    const startedAt = performance.now();
    await Promise.all(children.map((c) => c.request({ cmd: 'record', latency: false })));
    await sleep(options.windowMs);
    const stops = await Promise.all(children.map((c) => c.request({ cmd: 'stop' })));
    const seconds = (performance.now() - startedAt) / 1_000;
    const cpuAfter = await cpuMs(options);
    const seqAfter = await seqs(options.serverUrls[0] ?? options.clientUrl, ids);
    const received = stops.reduce((sum, r) => sum + r.received, 0);
    const offered = ids.reduce(
      (sum, _, s) => sum + ((seqAfter[s] ?? 0) - (seqBefore[s] ?? 0)) * (subscribers[s] ?? 0),
      0,
    );
    const cpu = cpuAfter.servers - cpuBefore.servers + (cpuAfter.redis - cpuBefore.redis);
    return {
      viewers: connected,
      failed,
      perServer,
      deliveredPerSec: received / seconds,
      offeredPerSec: offered / seconds,
      cpuUsPerEvent: (cpu * 1_000) / Math.max(1, received),
      redisUsPerEvent: ((cpuAfter.redis - cpuBefore.redis) * 1_000) / Math.max(1, received),
    };
  } finally {
    await Promise.all(children.map((c) => c.stop({ cmd: 'exit' })));
  }
}
