import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { IoServer } from './types.js';

/** Channel prefix of the adapter's pub/sub messages in a shared Redis. */
export const ADAPTER_KEY = 'simstream:socket.io';

/** A Socket.IO server joined to the cluster through Redis; `close` drops its two connections. */
export interface IoRedisAdapter {
  close(): void;
}

/**
 * Join this node's Socket.IO server to the others through Socket.IO's official Redis adapter
 * (`@socket.io/redis-adapter`, pub/sub), so what Socket.IO itself broadcasts — `io.to(room)`,
 * `io.socketsJoin`, `io.fetchSockets`, `io.serverSideEmit` — reaches every node's sockets.
 *
 * Simulation events do NOT go through it: every node feeds its own viewers from the event log
 * in Redis and emits node-locally (`io.local`), or each frame would arrive once per node. The
 * pub/sub adapter rather than the Redis Streams one because recovery is our own seq replay
 * from the event log: the streams adapter would store every broadcast in one global stream
 * and re-read it on reconnect, which the log already does per simulation and in bounded pages.
 * While Redis is unreachable, publishes wait in ioredis's queue and go out when it returns;
 * the subscriber re-subscribes by itself.
 *
 * @example
 * const adapter = attachRedisAdapter(io, config.redisUrl, log); // before listening
 * io.to('sim-1').emit('notice', notice); // reaches sim-1's sockets on every node
 * adapter.close();
 */
export function attachRedisAdapter(
  io: IoServer,
  redisUrl: string,
  log: FastifyBaseLogger,
): IoRedisAdapter {
  const pub = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
  });
  const sub = pub.duplicate();
  // ioredis reports a lost connection as an 'error' event: logged, and retried by itself.
  pub.on('error', (err) => log.debug({ err }, 'socket.io adapter redis (publish) error'));
  sub.on('error', (err) => log.debug({ err }, 'socket.io adapter redis (subscribe) error'));
  io.adapter(createAdapter(pub, sub, { key: ADAPTER_KEY }));
  return {
    close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
