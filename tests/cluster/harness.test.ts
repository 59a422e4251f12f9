/**
 * The cluster harness itself, against real processes: HAProxy spreads WebSocket clients over
 * the nodes, a SIGKILLed node's clients come back through the load balancer on the others,
 * a restarted node serves again, Redis keeps its data over a stop and start on the same port,
 * and closing the cluster leaves no process and no file behind.
 */
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { type ClientSocket, waitFor } from '../../apps/server/src/serverTestkit.js';
import { redisAnswers } from '../../scripts/cluster/redisProcess.js';
import { health, clusterForFile } from './clusterTestkit.js';

const t = clusterForFile({ nodes: 3 });

/** Clients per node, as each node's health reports them. */
async function connectionsPerNode(): Promise<number[]> {
  return Promise.all(t.cluster.nodes.map(async (node) => (await health(node.url)).connections));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('cluster harness', () => {
  it('spreads WebSocket clients of the load balancer over every node', async () => {
    const sockets: ClientSocket[] = [];
    for (let i = 0; i < 30; i++) sockets.push(await t.connect());
    expect(sockets.every((socket) => socket.connected)).toBe(true);
    const counts = await connectionsPerNode();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    for (const count of counts) expect(count).toBeGreaterThanOrEqual(8);
    // Every node in rotation: `UP`, or `UP 1/3` — up, one health check missed (a node busy
    // booting on a loaded machine can miss one within `timeout check`; it still takes clients).
    const stats = await t.cluster.lb!.stats();
    expect(Object.values(stats).map((s) => s.status.split(' ')[0])).toEqual(['UP', 'UP', 'UP']);
  });

  it('moves a SIGKILLed node’s clients to the others, and serves again once restarted', async () => {
    const sockets: ClientSocket[] = [];
    for (let i = 0; i < 12; i++) sockets.push(await t.connect());
    const before = await connectionsPerNode();
    expect(before[1]).toBeGreaterThan(0);
    await t.cluster.kill('node2', 'SIGKILL');
    expect(t.cluster.node('node2').running()).toBe(false);
    await t.cluster.waitForLb('node2', 'DOWN');
    // Only node2's clients were cut; they come back through the load balancer.
    await waitFor(() => sockets.every((socket) => socket.connected), 30_000, 'every client back');
    const during = await Promise.all(
      [t.cluster.node('node1'), t.cluster.node('node3')].map(
        async (n) => (await health(n.url)).connections,
      ),
    );
    expect(during[0]! + during[1]!).toBe(12);

    await t.cluster.start('node2');
    await t.cluster.waitForLb('node2', 'UP');
    // leastconn: the empty node takes the next clients.
    for (let i = 0; i < 4; i++) await t.connect();
    expect((await health(t.cluster.node('node2').url)).connections).toBeGreaterThanOrEqual(3);
  });

  it('restart() stops a node gracefully and brings it back on the same port', async () => {
    const node = t.cluster.node('node3');
    const pid = node.pid();
    await t.cluster.restart('node3');
    expect(node.pid()).not.toBe(pid);
    expect((await health(node.url)).status).toBe('ok');
  });

  it('Redis keeps its data over a stop and start on the same port', async () => {
    const client = new Redis(t.cluster.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    // Refused reconnects while Redis is down are expected here.
    client.on('error', () => {});
    try {
      await client.connect();
      await client.set('harness:probe', 'kept');
      await t.cluster.stopRedis();
      expect(await redisAnswers(t.cluster.redis.port)).toBe(false);
      // Nodes stay up while Redis is gone.
      for (const node of t.cluster.nodes)
        expect((await health(node.url)).status).not.toBe('shutting_down');
      await t.cluster.startRedis();
      await waitFor(() => client.status === 'ready', 15_000, 'the client to reconnect');
      expect(await client.get('harness:probe')).toBe('kept');
    } finally {
      client.disconnect();
    }
  });

  it('close() leaves no process and no temporary file behind', async () => {
    const pids = t.cluster.nodes.map((node) => node.pid()!);
    const dir = t.cluster.redis.dir;
    await t.cluster.close();
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(await redisAnswers(t.cluster.redis.port)).toBe(false);
  });
});
