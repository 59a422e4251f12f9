/**
 * Issue 11's failover against real processes: the node stepping a simulation at 20 steps/s is
 * SIGKILLed; another node takes the lease within 5 s, rebuilds from the input log and goes on
 * with the same epoch and the next seq. Kit viewers on the other nodes (stream client + query
 * caches) end deep-equal to a viewer loaded afterwards, with no gap, no duplicate, no resync.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { simulationKeys } from '../../apps/server/src/redis/runtimeStore.js';
import { waitFor } from '../../apps/server/src/serverTestkit.js';
import { type Viewer, openViewer, settled } from '../integration/harness.js';
import { clusterForFile } from './clusterTestkit.js';

const t = clusterForFile({ nodes: 3, env: { REDIS_LEASE_MS: '1500' } });
const viewers: Viewer[] = [];
afterAll(() => {
  for (const viewer of viewers) viewer.stop();
});

async function post(url: string, path: string, body?: unknown) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A kit viewer on `url`, with a count of the resyncs its stream went through. */
function watched(url: string, simulationId: string) {
  const viewer = openViewer(url, simulationId, { steps: 'full' });
  viewers.push(viewer);
  let resyncs = 0;
  viewer.client.subscribe(() => {
    if (viewer.client.getSnapshot().simulations[simulationId]?.phase === 'resyncing') resyncs++;
  });
  const seqs: number[] = [];
  viewer.client.watch(simulationId, {
    onEvents: (events) => {
      for (const event of events) seqs.push(event.seq);
    },
  });
  const epoch = () => viewer.client.getSnapshot().simulations[simulationId]?.epoch ?? null;
  return { viewer, seqs, epoch, resyncs: () => resyncs };
}

describe('failover on a real cluster', () => {
  it('replaces a SIGKILLed owner within 5 s; viewers on the other nodes see a pause, then the same stream: same epoch, no gap, no duplicate, no resync, caches equal', async () => {
    const id = 'sim-kill';
    const owner = t.cluster.node('node1');
    const created = await post(owner.url, '/simulations', {
      id,
      banks: 8,
      funds: 2,
      seed: 5,
      stepIntervalMs: 50,
    });
    expect(created.status).toBe(201);
    const onNode2 = watched(t.cluster.node('node2').url, id);
    const onNode3 = watched(t.cluster.node('node3').url, id);
    await waitFor(
      () => onNode2.seqs.length >= 40 && onNode3.seqs.length >= 40,
      30_000,
      'streaming',
    );
    const epoch = onNode2.epoch();
    expect(epoch).toBe(created.body.epoch);

    const redis = new Redis(t.cluster.redis.url);
    try {
      const killedAt = Date.now();
      await t.cluster.kill('node1', 'SIGKILL');
      let newOwner: string | null = null;
      while (Date.now() - killedAt < 10_000) {
        const holder = await redis.get(simulationKeys(id).owner);
        if (holder && !holder.startsWith('node1|')) {
          newOwner = holder;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const tookOverAfterMs = Date.now() - killedAt;
      expect(newOwner).not.toBeNull();
      expect(tookOverAfterMs).toBeLessThanOrEqual(5_000);
    } finally {
      redis.disconnect();
    }
    const atKill = onNode2.seqs.length;
    await waitFor(() => onNode3.seqs.length >= atKill + 60, 30_000, 'the stream goes on');
    const paused = await post(t.cluster.node('node2').url, `/simulations/${id}/pause`);
    const lastSeq = paused.body.seq as number;
    const fresh = watched(t.cluster.node('node3').url, id);
    for (const { viewer } of [onNode2, onNode3, fresh]) await settled(viewer, lastSeq, id);

    for (const watcher of [onNode2, onNode3]) {
      // From the seq after the snapshot it loaded, every seq once, in order, up to the pause.
      const first = watcher.seqs[0]!;
      expect(watcher.seqs).toEqual(
        Array.from({ length: lastSeq - first + 1 }, (_, i) => first + i),
      );
      expect(watcher.epoch()).toBe(epoch);
      expect(watcher.resyncs()).toBe(0);
    }
    expect(onNode2.viewer.caches()).toEqual(fresh.viewer.caches());
    expect(onNode3.viewer.caches()).toEqual(fresh.viewer.caches());
    await t.cluster.start('node1');
  });
});
