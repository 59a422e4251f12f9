/**
 * Reads on a node that trails the log: every node follows a simulation's event log with its
 * own blocking read, so for a moment after each write some node holds less than Redis does.
 * A REST read must not show that moment — a node answers once it holds everything logged
 * before the request — and a kit viewer opened through the load balancer right after the
 * simulation was created on another node must not get a hole in its events cache (its socket
 * on one node, its REST pages from another).
 */
import { simulationKeys } from '@simstream/client';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { rest } from '../../apps/server/src/redis/clusterTestkit.js';
import { simulationKeys as redisKeys } from '../../apps/server/src/redis/runtimeStore.js';
import { waitFor } from '../../apps/server/src/serverTestkit.js';
import { type Viewer, openViewer } from '../integration/harness.js';
import type { NodeProcess } from '../../scripts/cluster/nodeProcess.js';
import { clusterForFile } from './clusterTestkit.js';

const t = clusterForFile({ nodes: 3, env: { HTTP_RATE_LIMIT: '100000' } });

/** A simulation stepping at 20 steps/s with a decision now and then (several events per tick). */
const simulation = (id: string) => ({
  id,
  banks: 8,
  funds: 2,
  seed: 11,
  stepIntervalMs: 50,
  decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 3 },
});

/** The seq a node's REST read answers with (`seq` of a snapshot, `currentSeq` of an events page). */
async function readSeq(url: string, id: string, path: string): Promise<number> {
  const read = await rest(url, 'GET', `/api/v1/simulations/${id}/${path}`);
  if (read.status !== 200)
    throw new Error(`GET ${path}: ${read.status} ${JSON.stringify(read.body)}`);
  return (read.body.seq ?? read.body.currentSeq) as number;
}

/**
 * Stop a node process for `ms` (SIGSTOP), run `during` near the end of it (its requests wait
 * in the node's socket queue), then let the node go on (SIGCONT).
 */
async function stalled<T>(node: NodeProcess, ms: number, during: () => Promise<T>): Promise<T> {
  const pid = node.pid();
  if (pid === null) throw new Error(`${node.name} is not running; its last lines:\n${node.tail()}`);
  process.kill(pid, 'SIGSTOP');
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const result = await during();
    // Long enough for the request to reach the stopped node's socket.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return result;
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/** The seqs of a viewer's events cache. */
const cachedSeqs = (viewer: Viewer, id: string) =>
  (
    (viewer.queryClient.getQueryData(simulationKeys.events(id)) ?? []) as Array<{ seq: number }>
  ).map((event) => event.seq);

/** Where a list of seqs skips one: `[before, after]` pairs. */
const holes = (seqs: readonly number[]) =>
  seqs.flatMap((seq, i) => (i > 0 && seq !== seqs[i - 1]! + 1 ? [[seqs[i - 1], seq]] : []));

describe('reads on a node catching up with the log', () => {
  it('answers a REST read with at least what the log held when the request came, after the node stalled', async () => {
    const id = 'sim-reads';
    const owner = t.cluster.node('node1');
    const created = await rest(owner.url, 'POST', '/api/v1/simulations', simulation(id));
    expect(created.status).toBe(201);
    const redis = new Redis(t.cluster.redis.url);
    const node = t.cluster.node('node2');
    const behind: string[] = [];
    try {
      await expect
        .poll(() => readSeq(node.url, id, 'snapshot'), { timeout: 30_000 })
        .toBeGreaterThan(0);
      for (let round = 0; round < 6; round++) {
        // node2's event loop stalls (a GC pause, a starved CPU) while the owner goes on writing;
        // a read sent after those writes reaches it before it has read them back.
        const { head, path, read } = await stalled(node, 400, async () => {
          const head = Number(await redis.hget(redisKeys(id).meta, 'seq'));
          const path = round % 2 === 0 ? 'snapshot' : `events?since=${Math.max(0, head - 3)}`;
          return { head, path, read: readSeq(node.url, id, path) };
        });
        const seq = await read;
        if (seq < head) behind.push(`${path}: ${seq} < ${head}`);
      }
    } finally {
      redis.disconnect();
      await rest(owner.url, 'DELETE', `/api/v1/simulations/${id}`);
    }
    expect(behind).toEqual([]);
  });

  it('gives viewers opened through the load balancer right after a create no hole in their events', async () => {
    const id = 'sim-holes';
    const viewers: Viewer[] = [];
    try {
      const created = await rest(t.cluster.node('node1').url, 'POST', '/api/v1/simulations', {
        ...simulation(id),
      });
      expect(created.status).toBe(201);
      // node2 stalls now and then while the viewers load (as a busy node does), so some
      // viewers' REST pages come from a node behind the one their socket is on.
      const node2 = t.cluster.node('node2');
      for (let round = 0; round < 5; round++) {
        await stalled(node2, 300, async () => {
          for (let i = 0; i < 6; i++) viewers.push(openViewer(t.cluster.url, id));
          await new Promise((resolve) => setTimeout(resolve, 250));
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await waitFor(
        () => viewers.every((viewer) => viewer.lastSeq() >= 60),
        90_000,
        'every viewer streaming',
      );
      await waitFor(
        () => viewers.every((viewer) => viewer.queryClient.isFetching() === 0),
        60_000,
        'every viewer loaded',
      );
      const withHoles = viewers
        .map((viewer, index) => ({ index, holes: holes(cachedSeqs(viewer, id)) }))
        .filter((found) => found.holes.length > 0);
      expect(withHoles).toEqual([]);
      const incomplete = viewers
        .map((viewer, index) => ({
          index,
          first: cachedSeqs(viewer, id)[0],
          error: viewer.queryClient.getQueryState(simulationKeys.events(id))?.error?.message,
        }))
        .filter((found) => found.first !== 1);
      expect(incomplete).toEqual([]);
    } finally {
      for (const viewer of viewers) viewer.stop();
      await rest(t.cluster.node('node1').url, 'DELETE', `/api/v1/simulations/${id}`);
    }
  });
});
