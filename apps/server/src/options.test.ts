import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import * as msgpackParser from 'socket.io-msgpack-parser';
import { createManualSimulation, record, useTestServer, waitFor } from './serverTestkit.js';

// Each test starts its own server with the settings it is about.
const t = useTestServer(null);

describe('options and operations', () => {
  it('streams to a client using the MessagePack parser when PARSER=msgpack', async () => {
    await t.start({ PARSER: 'msgpack' });
    const sim = createManualSimulation(t, { id: 'sim-mp' });
    const socket = await t.connect({ parser: msgpackParser });
    const received = record(socket);
    const ack = await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-mp' });
    expect(ack.ok).toBe(true);
    sim.stepNow();
    await waitFor(() => received.batches.length === 1);
    expect(received.batches[0]!.events.some((e) => e.type === 'simulation_step')).toBe(true);
    const health = (await (await fetch(`${t.url}/api/v1/health`)).json()) as {
      transport: { parser: string };
    };
    expect(health.transport.parser).toBe('msgpack');
  });

  it('compresses large frames when DEFLATE_THRESHOLD is set', async () => {
    await t.start({ DEFLATE_THRESHOLD: '1024' });
    const sim = createManualSimulation(t, { id: 'sim-deflate' });
    const raw = await t.openRaw('/api/v1/ws/simulation/sim-deflate');
    expect(raw.ws.extensions).toContain('permessage-deflate');
    const socket = await t.connect();
    const received = record(socket);
    await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-deflate' });
    sim.stepNow();
    await waitFor(() => received.batches.length === 1 && raw.messages.length > 0);
    raw.ws.close();
  });

  it('refuses Socket.IO handshakes from origins outside the allowlist, saying why', async () => {
    await t.start({ ALLOWED_ORIGINS: 'https://app.example' });
    // A connect_error with data (not a refused upgrade): what a browser's client can read.
    const refused = await t.connect({ extraHeaders: { origin: 'https://evil.example' } }).then(
      () => null,
      (err: Error & { data?: unknown }) => err,
    );
    expect(refused?.data).toEqual({
      code: 'forbidden_origin',
      message:
        "Origin https://evil.example is not allowed by this server: add it to the server's ALLOWED_ORIGINS setting.",
    });
    const ok = await t.connect({ extraHeaders: { origin: 'https://app.example' } });
    expect(ok.connected).toBe(true);
  });

  it('requires a JWT on sockets, raw WS and REST calls when AUTH_JWT_SECRET is set', async () => {
    const secret = 'test-secret-that-is-long-enough-for-hs256';
    await t.start({ AUTH_JWT_SECRET: secret });
    createManualSimulation(t, { id: 'sim-auth' });
    const token = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('operator-1')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));

    await expect(t.connect()).rejects.toThrow(/unauthorized/);
    await expect(t.connect({ auth: { token: 'forged' } })).rejects.toThrow(/unauthorized/);
    const socket = await t.connect({ auth: { token } });
    expect(socket.connected).toBe(true);

    await expect(t.openRaw('/api/v1/ws/simulation/sim-auth')).rejects.toThrow(/401/);
    const raw = await t.openRaw(`/api/v1/ws/simulation/sim-auth?token=${token}`);
    raw.ws.close();

    const pause = (headers: Record<string, string>) =>
      fetch(`${t!.url}/api/v1/simulations/sim-auth/pause`, { method: 'POST', headers });
    expect((await pause({})).status).toBe(401);
    expect((await pause({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await fetch(`${t.url}/api/v1/simulations`)).status).toBe(401);
    const list = await fetch(`${t.url}/api/v1/simulations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.status).toBe(200);
  });

  it('exposes the counters on /metrics', async () => {
    await t.start();
    const sim = createManualSimulation(t, { id: 'sim-metrics' });
    const socket = await t.connect();
    const received = record(socket);
    await socket
      .timeout(5_000)
      .emitWithAck('subscribe', { simulationId: 'sim-metrics', sinceSeq: 0 });
    await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: 'nope' });
    sim.stepNow();
    await waitFor(() => received.batches.length === 1);

    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/simstream_connections\{transport="socketio"\} 1/);
    expect(text).toMatch(/simstream_subscriptions\{simulation="sim-metrics"\} 1/);
    expect(text).toMatch(/simstream_events_sent_total\{type="simulation_step"\} [1-9]/);
    expect(text).toMatch(/simstream_bytes_sent_total\{type="simulation_step"\} [1-9]\d*/);
    expect(text).toMatch(/simstream_replays_total\{outcome="hit"\} 1/);
    expect(text).toMatch(/simstream_errors_total\{code="unknown_simulation"\} 1/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds/);
  });

  it('notifies clients on graceful shutdown and closes raw WS with 1001', async () => {
    await t.start();
    createManualSimulation(t, { id: 'sim-bye' });
    const socket = await t.connect();
    const received = record(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const raw = await t.openRaw('/api/v1/ws/simulation/sim-bye');

    const closing = t.close();
    expect((await raw.closed).code).toBe(1001);
    await disconnected;
    await closing;
    expect(received.notices).toContainEqual(expect.objectContaining({ kind: 'shutdown' }));
    await expect(fetch(`${t.url}/api/v1/health`)).rejects.toThrow();
  });
});
