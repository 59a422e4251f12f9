/**
 * The real stream client against the real server core through the in-memory transport
 * (`createMemoryServer` from `@simstream/hub`): the transport fits the client's seam, and the
 * delivery guarantee holds under the transport's faults — lost, doubled and reordered frames,
 * drops and a half-open connection.
 */
import { createMemoryStorage, createStreamClient, type StreamClient } from '@simstream/client';
import { createMemoryServer, systemClock } from '@simstream/hub';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

function start() {
  // systemClock under vi's fake timers: the server and the client share one fake time.
  const server = createMemoryServer({ clock: systemClock });
  const created = server.hub.create({ id: 'sim', banks: 6, funds: 1, stepIntervalMs: 1000 });
  if (!created.ok) throw new Error(created.error.message);
  const clients: StreamClient[] = [];
  const open = (viewerId: string) => {
    const client = createStreamClient({
      url: 'http://sim.test',
      transport: server.transport,
      fetch: server.fetch,
      storage: createMemoryStorage(),
      viewerId,
      heartbeatIntervalMs: 2_000,
      heartbeatTimeoutMs: 1_000,
      reconnectDelayMs: 500,
      random: () => 0.5,
    });
    client.watch('sim', { withSnapshot: true });
    clients.push(client);
    return client;
  };
  const stop = () => {
    for (const client of clients) client.destroy();
  };
  return { server, runtime: created.value, open, stop };
}

const stateOf = (client: StreamClient) => client.getSimulationSnapshot('sim');

describe('the stream client over the in-memory transport', () => {
  it('ends equal to an undisturbed client after lost, doubled and reordered frames, a drop and a half-open spell', async () => {
    const { server, runtime, open, stop } = start();
    const steady = open('steady');
    await vi.advanceTimersByTimeAsync(3_000);
    const victim = open('victim');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(victim.getSnapshot().connection.status).toBe('live');

    server.faults.dropFrames(1);
    await vi.advanceTimersByTimeAsync(3_000);
    server.faults.duplicateFrames(2);
    await vi.advanceTimersByTimeAsync(2_000);
    const release = server.faults.holdFrames();
    await vi.advanceTimersByTimeAsync(3_000);
    release('reverse');
    server.faults.drop();
    await vi.advanceTimersByTimeAsync(4_000);
    server.faults.halfOpen();
    await vi.advanceTimersByTimeAsync(8_000);

    expect(victim.getSnapshot().connection.status).toBe('live');
    expect(steady.getSnapshot().connection.status).toBe('live');
    // Both came back after the drop and again after the half-open spell (caught by the heartbeat).
    expect(server.connectAttempts).toBe(6);
    expect(stateOf(steady)?.seq).toBe(runtime.seq);
    expect(stateOf(victim)).toEqual(stateOf(steady));
    expect(stateOf(steady)).toEqual(runtime.snapshot());
    stop();
    server.dispose();
  });
});
