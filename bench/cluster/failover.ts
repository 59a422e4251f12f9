/**
 * Failover time on a real cluster: the node that steps a simulation is SIGKILLed while kit
 * viewers on the other nodes stream it; we time the kill to the moment every viewer has the
 * first event the next owner wrote (seq above the last one in the Redis log when the old owner
 * died) — what a viewer experiences as the pause.
 */
import { type StreamClient, createStreamClient } from '@simstream/client';
import { Redis } from 'ioredis';
import { simulationKeys } from '../../apps/server/src/redis/runtimeStore.js';
import type { Cluster } from '../../scripts/cluster/cluster.js';
import { sleep } from '../lib/child.js';
import { median } from '../lib/stats.js';
import { control, createSimulation } from './rest.js';

export interface FailoverResult {
  /** SIGKILL → every viewer on the surviving nodes has the next owner's first event, ms. */
  ms: number;
  /** The median gap between events while the owner lived (the normal inter-step interval), ms. */
  normalGapMs: number;
  killed: string;
  newOwner: string;
  viewers: number;
}

interface Viewer {
  client: StreamClient;
  /** `[seq, arrival ms]` of every event, in arrival order. */
  arrivals: Array<[number, number]>;
}

function watch(url: string, simulationId: string): Viewer {
  const client = createStreamClient({ url, reconnectDelayMs: 100, jitter: 0 });
  const viewer: Viewer = { client, arrivals: [] };
  client.watch(simulationId, {
    onEvents: (events) => {
      const at = performance.now();
      for (const event of events) viewer.arrivals.push([event.seq, at]);
    },
  });
  return viewer;
}

/** Poll `read` every 10 ms until it gives a value (not null, false or undefined). */
async function poll<T>(
  read: () => T | null | false | undefined | Promise<T | null | false | undefined>,
  what: string,
  timeoutMs: number,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null && value !== false && value !== undefined) return value;
    if (performance.now() > deadline)
      throw new Error(`failover: no ${what} within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** The node name in the owner key (`node1|<token>`), or null while nobody holds the lease. */
async function ownerOf(redis: Redis, simulationId: string): Promise<string | null> {
  const holder = await redis.get(simulationKeys(simulationId).owner);
  return holder ? (holder.split('|')[0] ?? null) : null;
}

/** The seq of the newest event in the simulation's Redis log. */
async function loggedSeq(redis: Redis, simulationId: string): Promise<number> {
  const [newest] = await redis.xrevrange(simulationKeys(simulationId).events, '+', '-', 'COUNT', 1);
  return newest ? Number(newest[0].slice(newest[0].indexOf('-') + 1)) : 0;
}

/**
 * Create a simulation on the first running node, stream it at `stepIntervalMs` to
 * `viewersPerNode` kit viewers on every other running node, SIGKILL its owner and time the
 * pause. The killed node stays down (the caller decides whether to start it again).
 *
 * @example
 * const result = await measureFailover(cluster, { simulationId: 'bench-failover', stepIntervalMs: 50, viewersPerNode: 2 });
 */
export async function measureFailover(
  cluster: Cluster,
  options: { simulationId: string; stepIntervalMs: number; viewersPerNode: number },
): Promise<FailoverResult> {
  const { simulationId: id } = options;
  const redis = new Redis(cluster.redis.url);
  const viewers: Viewer[] = [];
  try {
    const running = cluster.nodes.filter((node) => node.running());
    const first = running[0];
    if (!first || running.length < 2) throw new Error('failover needs two running nodes');
    await createSimulation(first.url, id, { stepIntervalMs: options.stepIntervalMs });
    const owner = cluster.node(await poll(() => ownerOf(redis, id), 'owner', 10_000));
    for (const node of running) {
      if (node === owner) continue;
      for (let i = 0; i < options.viewersPerNode; i++) viewers.push(watch(node.url, id));
    }
    await control(first.url, id, 'resume');
    await poll(() => viewers.every((v) => v.arrivals.length >= 40), 'stream', 60_000);

    const before = viewers[0]?.arrivals.slice(-20) ?? [];
    const gaps = before.slice(1).map(([, at], i) => at - (before[i]?.[1] ?? at));
    const killedAt = performance.now();
    await cluster.kill(owner.name, 'SIGKILL');
    const lastLogged = await loggedSeq(redis, id);
    const firstAfter = (v: Viewer) => v.arrivals.find(([seq]) => seq > lastLogged)?.[1];
    await poll(() => viewers.every((v) => firstAfter(v) !== undefined), 'next event', 60_000);
    const ms = Math.max(...viewers.map((v) => (firstAfter(v) ?? Number.NaN) - killedAt));
    const newOwner = (await ownerOf(redis, id)) ?? 'nobody';
    const survivor = cluster.nodes.find((node) => node.running());
    if (survivor) await control(survivor.url, id, 'pause');
    return { ms, normalGapMs: median(gaps), killed: owner.name, newOwner, viewers: viewers.length };
  } finally {
    for (const viewer of viewers) viewer.client.destroy();
    redis.disconnect();
  }
}
