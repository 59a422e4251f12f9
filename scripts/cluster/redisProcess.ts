/**
 * The cluster's redis-server: Debian's package (apt-get installs it when missing), on a
 * loopback port of its own and a temporary data directory — never a user's Redis or data.
 * Append-only persistence is on, so a stop and start (same port, same directory) keeps every
 * simulation's logs, as a production Redis with AOF would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackage } from '../debianPackage.mjs';
import { type Child, spawnChild } from './child.js';
import { freePort, waitUntil } from './net.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

/** Whether the Redis on `port` answers PING with PONG (false while down or still loading). */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

export interface RedisProcess {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` — what every node gets as REDIS_URL. */
  readonly url: string;
  /** Its data directory (a temporary directory, removed by `remove`). */
  readonly dir: string;
  running(): boolean;
  /** Start (again) on the same port with the same data; resolves once it answers PING. */
  start(): Promise<void>;
  /** SIGTERM: Redis flushes its append-only file and exits. SIGKILL: cut at once. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stop it and delete its data directory. */
  remove(): Promise<void>;
}

/**
 * Start a private redis-server and wait until it answers PING.
 *
 * @example
 * const redis = await startRedisProcess();
 * await redis.stop(); // … Redis is down …
 * await redis.start(); // same port, same data
 * await redis.remove();
 */
export async function startRedisProcess(
  options: { port?: number; onLine?: (line: string) => void } = {},
): Promise<RedisProcess> {
  ensureDebianPackage(REDIS_SERVER, 'redis-server');
  const port = options.port || (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'simstream-cluster-redis-'));
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
    ...['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'],
  ];
  let child: Child | null = null;
  const redis: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    running: () => child !== null && child.exitStatus() === null,
    async start() {
      if (redis.running()) return;
      const started = spawnChild('redis', REDIS_SERVER, args, { onLine: options.onLine });
      child = started;
      await waitUntil(
        () => redisAnswers(port),
        `redis-server on port ${port}`,
        15_000,
        () => (started.exitStatus() ? `${started.exitStatus()}\n${started.tail()}` : null),
      );
    },
    async stop(signal = 'SIGTERM') {
      await child?.stop(signal);
    },
    async remove() {
      await redis.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await redis.start();
  } catch (err) {
    await redis.remove();
    throw err;
  }
  return redis;
}
