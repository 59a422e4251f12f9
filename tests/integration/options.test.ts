import { createMemoryStorage, createStreamClient, type StreamClient } from '@simstream/client';
import * as msgpackParser from 'socket.io-msgpack-parser';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createManualSimulation,
  type RunningServer,
  startServer,
  step,
  waitUntil,
} from './harness.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(env: Record<string, string>): Promise<RunningServer> {
  const running = await startServer(0, env);
  cleanups.push(() => running.server.close());
  return running;
}

function client(url: string, options: Parameters<typeof createStreamClient>[0] = {}): StreamClient {
  const c = createStreamClient({
    url,
    storage: createMemoryStorage(),
    reconnectDelayMs: 100,
    ...options,
  });
  cleanups.push(() => c.destroy());
  return c;
}

describe('client options against the real server', () => {
  it('goes to error (not endless retries) when the server refuses the token', async () => {
    const running = await server({ AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789' });
    const c = client(running.url, { auth: 'not-a-jwt' });
    c.watch('anything');
    await waitUntil(() => c.getSnapshot().connection.status === 'error', 'error state');
    expect(c.getSnapshot().connection).toMatchObject({
      status: 'error',
      error: { code: 'unauthorized' },
    });
  });

  it('speaks MessagePack when given the parser the server uses', async () => {
    const running = await server({ PARSER: 'msgpack' });
    const sim = createManualSimulation(running, { id: 'sim-msgpack' });
    const c = client(running.url, { parser: msgpackParser });
    const seen: number[] = [];
    c.watch('sim-msgpack', {
      withSnapshot: true,
      onEvents: (events) => seen.push(...events.map((e) => e.seq)),
    });
    await waitUntil(
      () => c.getSnapshot().simulations['sim-msgpack']?.phase === 'live',
      'snapshot loaded',
    );
    await waitUntil(() => c.getSnapshot().connection.status === 'live', 'live');
    step(sim, 3);
    await waitUntil(() => seen.length >= 3, 'events over msgpack');
    expect(c.getSimulationSnapshot('sim-msgpack')).toEqual(sim.snapshot());
  });

  it.each(['delta', 'compact'] as const)(
    '%s steps rebuild exactly the snapshot the server holds',
    async (encoding) => {
      const running = await server({});
      const id = `sim-${encoding}`;
      const sim = createManualSimulation(running, { id });
      const c = client(running.url);
      const types = new Set<string>();
      c.watch(id, {
        withSnapshot: true,
        steps: encoding,
        onEvents: (events) => {
          for (const e of events) types.add(e.type);
        },
      });
      await waitUntil(() => c.getSnapshot().simulations[id]?.phase === 'live', 'snapshot loaded');
      await waitUntil(() => c.getSnapshot().connection.status === 'live', 'live');
      await waitUntil(() => running.server.io.sockets.sockets.size === 1, 'subscribed');
      step(sim, 25);
      await waitUntil(() => c.getSimulationSnapshot(id)?.seq === sim.snapshot().seq, 'caught up');
      expect(types.has(`simulation_${encoding}`)).toBe(true);
      // Byte for byte: the rebuilt snapshot serializes exactly as the server's.
      expect(JSON.stringify(c.getSimulationSnapshot(id))).toBe(JSON.stringify(sim.snapshot()));
      expect(c.getSnapshot().simulations[id]?.lastRecovery).toBeNull();
    },
  );
});
