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
import type { NodeProcess } from '../../scripts/cluster/nodeProcess.js';
import { waitUntil } from '../../scripts/cluster/net.js';
import { median } from '../lib/stats.js';
import { control, createSimulation, removeSimulation } from './rest.js';

export interface FailoverResult {
  /** SIGKILL → every viewer on the surviving nodes has the next owner's first event, ms. */
  ms: number;
  /**
   * The longest wait between two arrivals at a viewer in the 2 s before the kill (median over
   * the viewers): the pause a viewer sees anyway on this machine, ms.
   */
  normalGapMs: number;
  killed: string;
  newOwner: string;
  viewers: number;
}

interface Viewer {
  /** The node it watches through. */
  node: string;
  client: StreamClient;
  /** `[seq, arrival ms]` of every event, in arrival order. */
  arrivals: Array<[number, number]>;
}

function watch(node: NodeProcess, simulationId: string): Viewer {
  const client = createStreamClient({ url: node.url, reconnectDelayMs: 100, jitter: 0 });
  const viewer: Viewer = { node: node.name, client, arrivals: [] };
  client.watch(simulationId, {
    onEvents: (events) => {
      const at = performance.now();
      for (const event of events) viewer.arrivals.push([event.seq, at]);
    },
  });
  return viewer;
}

/** The longest time between two consecutive arrivals after `since` (performance.now ms). */
function longestGap(viewer: Viewer, since: number): number {
  let longest = 0;
  let previous: number | null = null;
  for (const [, at] of viewer.arrivals) {
    if (at < since) continue;
    if (previous !== null) longest = Math.max(longest, at - previous);
    previous = at;
  }
  return longest;
}

/** The node name in the owner key (`node1|<token>`), or null while nobody holds the lease. */
async function ownerOf(redis: Redis, simulationId: string): Promise<string | null> {
  const holder = await redis.get(simulationKeys(simulationId).owner);
  return holder ? (holder.split('|')[0] ?? null) : null;
}

/** Who holds the lease now (waits up to 10 s for a holder). */
async function ownerNow(redis: Redis, simulationId: string): Promise<string> {
  const held = { by: null as string | null };
  const hasOwner = async () => {
    held.by = await ownerOf(redis, simulationId);
    return held.by !== null;
  };
  await waitUntil(hasOwner, `failover: an owner of ${simulationId}`, 10_000);
  return held.by ?? '';
}

/** The seq of the newest event in the simulation's Redis log. */
async function loggedSeq(redis: Redis, simulationId: string): Promise<number> {
  const [newest] = await redis.xrevrange(simulationKeys(simulationId).events, '+', '-', 'COUNT', 1);
  return newest ? Number(newest[0].slice(newest[0].indexOf('-') + 1)) : 0;
}

/**
 * Create a simulation on the first running node, stream it at `stepIntervalMs` to
 * `viewersPerNode` kit viewers on every other running node, SIGKILL its owner and time the
 * pause; the simulation is deleted afterwards. The killed node stays down (the caller decides
 * whether to start it again).
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
    const creator = cluster.node(await ownerNow(redis, id));
    for (const node of running) {
      if (node === creator) continue;
      for (let i = 0; i < options.viewersPerNode; i++) viewers.push(watch(node, id));
    }
    await control(first.url, id, 'resume');
    const streaming = async () => viewers.every((v) => v.arrivals.length >= 40);
    await waitUntil(streaming, 'failover: the viewers streaming', 60_000);

    // The lease may have moved meanwhile (a stalled node loses it): kill whoever holds it now.
    // (Viewers on that node go down with it: only the others are timed.)
    const owner = cluster.node(await ownerNow(redis, id));
    const timed = viewers.filter((v) => v.node !== owner.name);
    const killedAt = performance.now();
    const normalGapMs = median(timed.map((v) => longestGap(v, killedAt - 2_000)));
    await cluster.kill(owner.name, 'SIGKILL');
    const lastLogged = await loggedSeq(redis, id);
    const firstAfter = (v: Viewer) => v.arrivals.find(([seq]) => seq > lastLogged)?.[1];
    // Arrival times are stamped by the viewers, so the polling period does not enter the figure.
    const resumed = async () => timed.every((v) => firstAfter(v) !== undefined);
    await waitUntil(resumed, 'failover: the next event at every viewer', 60_000);
    const ms = Math.max(...timed.map((v) => (firstAfter(v) ?? Number.NaN) - killedAt));
    const newOwner = (await ownerOf(redis, id)) ?? 'nobody';
    const survivor = cluster.nodes.find((node) => node.running());
    if (survivor) await removeSimulation(survivor.url, id);
    return { ms, normalGapMs, killed: owner.name, newOwner, viewers: timed.length };
  } finally {
    for (const viewer of viewers) viewer.client.destroy();
    redis.disconnect();
  }
}
