/**
 * A real `redis-server` for tests: Debian's package (installed with apt-get when missing, as
 * scripts/chromium.mjs does for Chromium), on a free loopback port, with persistence off and
 * its own temporary directory — never a user's Redis or data. Not part of the server's runtime.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ensureDebianPackage } from '../../../../scripts/debianPackage.mjs';

const REDIS_SERVER = '/usr/bin/redis-server';

/** Install Debian's redis-server with apt-get when it is missing. */
export function ensureRedisServer(): void {
  ensureDebianPackage(REDIS_SERVER, 'redis-server');
}

/** A free loopback port (`redis-server --port 0` would disable TCP instead of picking one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolve once something accepts TCP connections on the port (polling, 10 s at most). */
async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface TestRedis {
  url: string;
  port: number;
  /** A new client of this server (closed by `stop`). */
  client(): Redis;
  /** Stop the server, close the clients, remove its directory. */
  stop(): Promise<void>;
}

/**
 * Start a private redis-server and wait until it answers PING.
 *
 * @example
 * const redis = await startRedis();
 * const client = redis.client();
 * await redis.stop();
 */
export async function startRedis(): Promise<TestRedis> {
  ensureRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'simstream-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child: ChildProcess = spawn(REDIS_SERVER, [...args, '--dir', dir], { stdio: 'ignore' });
  const clients: Redis[] = [];
  const client = () => {
    const redis = new Redis(port, '127.0.0.1', { lazyConnect: false, maxRetriesPerRequest: 1 });
    clients.push(redis);
    return redis;
  };
  await waitForPort(port);
  await client().ping();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    client,
    async stop() {
      for (const redis of clients) redis.disconnect();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
