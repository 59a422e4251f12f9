/**
 * The cluster benchmark's CPU and connection figures come from the servers' own metrics and
 * Redis's INFO: read against a real server and a real redis-server, they must move with the
 * work done (a renamed metric would otherwise turn every CPU-per-event row into 0).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type TestRedis, startRedis } from '../../apps/server/src/redis/redisTestkit.js';
import { type ClientSocket, connectSocket } from '../../apps/server/src/serverTestkit.js';
import { type BenchServer, startBenchServer } from '../lib/server.js';
import { redisCpuMs, serverUsage } from './usage.js';

const opened: ClientSocket[] = [];
let server: BenchServer | null = null;
let redis: TestRedis | null = null;
afterAll(async () => {
  for (const socket of opened) socket.close();
  await server?.server.close();
  await redis?.stop();
});

describe('cluster benchmark usage readers', () => {
  it("reads a real server's open connections and a CPU time that grows with its work", async () => {
    server = await startBenchServer('usage-test');
    const before = await serverUsage(server.url);
    for (let i = 0; i < 3; i++) opened.push(await connectSocket(server.url));
    // Work in the server's process (this one): its process CPU must count it.
    for (let i = 0; i < 300; i++) server.runtime.stepNow();
    const after = await serverUsage(server.url);
    expect(before.connections).toBe(0);
    expect(after.connections).toBe(3);
    expect(after.cpuMs).toBeGreaterThan(before.cpuMs);
  });

  it("reads Redis's own CPU time, which grows as it serves commands", async () => {
    redis = await startRedis();
    const before = await redisCpuMs(redis.url);
    const client = redis.client();
    for (let round = 0; round < 20; round++) {
      const pipeline = client.pipeline();
      for (let i = 0; i < 1_000; i++) pipeline.set(`key-${i}`, 'x'.repeat(100));
      await pipeline.exec();
    }
    const after = await redisCpuMs(redis.url);
    expect(Number.isFinite(before)).toBe(true);
    expect(after).toBeGreaterThan(before);
  });
});
