import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setup } from './testing/harness.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const status = (client: { getSnapshot(): { connection: { status: string } } }) =>
  client.getSnapshot().connection.status;

describe('connection state machine', () => {
  it('stays idle until the first watcher, then connects once and goes live', async () => {
    const { client, server } = setup();
    expect(status(client)).toBe('idle');
    expect(server.transportCalls).toBe(0);
    client.watch('sim');
    expect(status(client)).toBe('connecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(status(client)).toBe('live');
    client.watch('sim');
    expect(server.transportCalls).toBe(1);
  });

  it('retries 5 times about 3 s apart (with jitter), then goes offline', async () => {
    const { client, server } = setup({ random: () => 1 }); // +30 % jitter
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    server.up = false;
    const dropAt = Date.now();
    server.drop();
    const state = client.getSnapshot().connection;
    expect(state).toMatchObject({
      status: 'reconnecting',
      attempt: 1,
      maxAttempts: 5,
      nextRetryAt: dropAt + 3_900,
    });
    for (let attempt = 2; attempt <= 5; attempt++) {
      await vi.advanceTimersByTimeAsync(3_900);
      expect(client.getSnapshot().connection).toMatchObject({ status: 'reconnecting', attempt });
    }
    await vi.advanceTimersByTimeAsync(3_900);
    expect(client.getSnapshot().connection).toMatchObject({
      status: 'offline',
      reason: 'attempts_exhausted',
    });
    expect(server.connectAttempts).toBe(1 + 5);
    // No more tries once offline.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.connectAttempts).toBe(6);
  });

  it('uses the configured attempts, delay and jitter', async () => {
    const { client, server } = setup({
      reconnectAttempts: 2,
      reconnectDelayMs: 1_000,
      jitter: 0.5,
      random: () => 0,
    });
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    server.up = false;
    server.drop();
    expect(client.getSnapshot().connection).toMatchObject({
      attempt: 1,
      maxAttempts: 2,
      nextRetryAt: Date.now() + 500,
    });
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(500);
    expect(status(client)).toBe('offline');
  });

  it('comes back live when the server returns during the retries', async () => {
    const { client, server } = setup();
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    server.up = false;
    server.drop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot().connection).toMatchObject({ status: 'reconnecting', attempt: 2 });
    server.up = true;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(status(client)).toBe('live');
    expect(server.transportCalls).toBe(1);
  });

  it('reconnect() after offline tries again with a fresh budget; disconnect() stays offline', async () => {
    const { client, server } = setup({ reconnectAttempts: 1 });
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    server.up = false;
    server.drop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(status(client)).toBe('offline');
    server.up = true;
    client.reconnect();
    expect(status(client)).toBe('connecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(status(client)).toBe('live');

    client.disconnect();
    expect(client.getSnapshot().connection).toMatchObject({ status: 'offline', reason: 'manual' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(status(client)).toBe('offline');
  });

  it('reconnects at once when the tab becomes visible or the browser goes online', async () => {
    const { client, server, wake } = setup();
    expect(wake.listeners.size).toBe(0);
    client.watch('sim');
    expect(wake.listeners.size).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    server.up = false;
    server.drop();
    server.up = true;
    wake.fire('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(status(client)).toBe('live');

    server.up = false;
    server.drop();
    await vi.advanceTimersByTimeAsync(3_000 * 5);
    expect(status(client)).toBe('offline');
    server.up = true;
    wake.fire('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(status(client)).toBe('live');
  });

  it('detects a half-open connection with the heartbeat and reconnects', async () => {
    const { client, server } = setup({ heartbeatIntervalMs: 5_000, heartbeatTimeoutMs: 2_000 });
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(status(client)).toBe('live'); // pong answered
    server.answerPings = false; // the socket looks open but nothing comes back
    await vi.advanceTimersByTimeAsync(5_000 + 2_000);
    expect(client.getSnapshot().connection).toMatchObject({
      status: 'reconnecting',
      lastError: 'heartbeat timeout',
    });
    server.answerPings = true;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(status(client)).toBe('live');
  });

  it('goes to error with the reason when the server refuses the handshake', async () => {
    const { client, server: fake } = setup();
    fake.faults.refuse({ code: 'unauthorized', message: 'A valid token is required.' });
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getSnapshot().connection).toMatchObject({
      status: 'error',
      error: { code: 'unauthorized' },
    });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.connectAttempts).toBe(1);
  });

  it('lingers after the last watcher leaves, so a quick re-watch reuses the socket', async () => {
    const { client, server } = setup({ lingerMs: 1_000 });
    const unwatch = client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    unwatch();
    client.watch('sim'); // StrictMode's mount → unmount → mount
    await vi.advanceTimersByTimeAsync(5_000);
    expect(status(client)).toBe('live');
    expect(server.connectAttempts).toBe(1);

    const { client: other, server: otherServer } = setup({ lingerMs: 1_000 });
    const stop = other.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(status(other)).toBe('idle');
    expect(otherServer.socket.connected).toBe(false);
  });
});
