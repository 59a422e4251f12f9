import type { Socket as NetSocket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { RAW_CLOSE } from './rawWs.js';
import { createManualSimulation, useTestServer, waitFor } from './serverTestkit.js';

const t = useTestServer({ MAX_UNSENT_BYTES: '262144' });

const rawPath = (id: string) => `/api/v1/ws/simulation/${id}`;

describe('raw seed WebSocket endpoint', () => {
  it("runs the spec's console snippet exchange: seed messages, then ping → pong", async () => {
    const sim = createManualSimulation(t, { id: 'test-sim-123' });
    // The snippet, as a browser console would run it (with ws standing in for WebSocket).
    const port = new URL(t.url).port;
    const ws = new WebSocket(`ws://localhost:${port}/api/v1/ws/simulation/test-sim-123`);
    t.track(ws);
    const messages: Array<Record<string, unknown>> = [];
    ws.onmessage = (e) => messages.push(JSON.parse(String(e.data)));
    await new Promise<void>((resolve) => {
      ws.onopen = () => resolve();
    });

    sim.stepNow();
    sim.stepNow();
    await waitFor(() => messages.filter((m) => m.type === 'simulation_step').length === 2);
    ws.send(JSON.stringify({ type: 'ping' }));
    await waitFor(() => messages.some((m) => m.type === 'pong'));

    for (const message of messages) {
      if (message.type === 'pong') {
        expect(Object.keys(message).sort()).toEqual(['timestamp', 'type']);
        continue;
      }
      expect(Object.keys(message).sort()).toEqual(['data', 'timestamp', 'type']);
      expect(Number.isNaN(Date.parse(String(message.timestamp)))).toBe(false);
    }
    const step = messages.find((m) => m.type === 'simulation_step')!.data as Record<
      string,
      unknown
    >;
    // Full steps (not deltas) with the seed's field names.
    expect(Object.keys(step).sort()).toEqual([
      'alive_agents',
      'snapshot',
      'system_health',
      'timestep',
    ]);
    expect((step.snapshot as { simulation_id: string }).simulation_id).toBe('test-sim-123');
    expect(messages.at(-1)).toMatchObject({ type: 'pong' });
  });

  it('answers malformed input with an error message and stays open', async () => {
    createManualSimulation(t, { id: 'sim-raw' });
    const raw = await t.openRaw(rawPath('sim-raw'));
    raw.ws.send('not json');
    raw.ws.send(JSON.stringify({ type: 'subscribe', hack: true }));
    raw.ws.send(JSON.stringify({ type: 'ping' }));
    await waitFor(() => raw.messages.length === 3);

    expect(raw.messages[0]).toMatchObject({ type: 'error', data: { code: 'invalid_message' } });
    expect(raw.messages[1]).toMatchObject({ type: 'error', data: { code: 'invalid_message' } });
    expect(Object.keys(raw.messages[0]!).sort()).toEqual(['data', 'timestamp', 'type']);
    expect(raw.messages[2]).toMatchObject({ type: 'pong' });
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('answers an unknown simulation with an error message, then closes with 4404', async () => {
    const raw = await t.openRaw(rawPath('no-such-sim'));
    const closed = await raw.closed;
    expect(closed.code).toBe(RAW_CLOSE.unknownSimulation);
    expect(raw.messages).toEqual([
      expect.objectContaining({
        type: 'error',
        data: expect.objectContaining({ code: 'unknown_simulation' }),
      }),
    ]);
  });

  it('closes raw viewers with 4404 when their simulation is deleted', async () => {
    createManualSimulation(t, { id: 'sim-gone' });
    const raw = await t.openRaw(rawPath('sim-gone'));
    const res = await fetch(`${t.url}/api/v1/simulations/sim-gone`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await raw.closed).code).toBe(RAW_CLOSE.unknownSimulation);
  });

  it('cuts a viewer holding more than MAX_UNSENT_BYTES unsent at once, while a reading one keeps every message', async () => {
    // ≈ 200 KB a step (350 entities and a sparse network): a stopped reader fills its buffers fast.
    const sim = createManualSimulation(t, {
      id: 'sim-slow-raw',
      banks: 300,
      funds: 50,
      density: 0.02,
    });
    const slow = await t.openRaw(rawPath('sim-slow-raw'));
    const fast = await t.openRaw(rawPath('sim-slow-raw'));
    const tcp = (slow.ws as unknown as { _socket: NetSocket })._socket;
    tcp.pause(); // stops reading: the server's send buffer fills up
    const dropped = async () =>
      (await t.server.metrics.slowConsumersDropped.get()).values[0]?.value ?? 0;
    for (let i = 0; i < 300 && (await dropped()) === 0; i++) {
      sim.stepNow();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await dropped()).toBe(1);
    // Gone from the fan-out at once, not after ws's 30 s close timeout.
    await waitFor(() => t.server.core.fanout.viewerCount('sim-slow-raw') === 1, 1_000);
    tcp.resume();
    expect((await slow.closed).code).toBe(1006);
    // One seed message per event, every one of them.
    await waitFor(() => fast.messages.length === sim.seq, 10_000);
    expect(fast.messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('refuses upgrades from an origin outside the allowlist', async () => {
    createManualSimulation(t, { id: 'sim-origin' });
    const warn = vi.spyOn(t.server.app.log, 'warn');
    await expect(
      t.openRaw(rawPath('sim-origin'), { origin: 'https://evil.example' }),
    ).rejects.toThrow(/403/);
    // The operator can see why a browser was turned away.
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ origin: 'https://evil.example' }),
      expect.stringContaining('origin not allowed'),
    );
    // And the refusal says why in the protocol's error shape, naming the setting to change.
    const refusal = await new Promise<{ type: string; body: string }>((resolve, reject) => {
      const ws = new WebSocket(`${t.wsUrl}${rawPath('sim-origin')}`, {
        headers: { origin: 'https://evil.example' },
      });
      ws.on('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ type: String(res.headers['content-type']), body: text }));
      });
      ws.on('error', reject);
    });
    expect(refusal.type).toMatch(/^application\/json/);
    expect(JSON.parse(refusal.body)).toEqual({
      error: {
        code: 'forbidden_origin',
        message: expect.stringMatching(/https:\/\/evil\.example is not allowed.*ALLOWED_ORIGINS/),
      },
    });
    const local = await t.openRaw(rawPath('sim-origin'), { origin: 'http://localhost:5173' });
    expect(local.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses upgrades on other paths and leaves Socket.IO alone', async () => {
    await expect(t.openRaw('/api/v1/elsewhere')).rejects.toThrow(/404/);
  });
});
