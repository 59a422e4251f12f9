import { describe, expect, it } from 'vitest';
import {
  type ClientSocket,
  createManualSimulation,
  createRunningSimulation,
  flush,
  record,
  useTestServer,
  waitFor,
} from '../serverTestkit.js';

const t = useTestServer({ MAX_MESSAGE_RATE: '50' });

/** Emit anything, bypassing the typed event map (what a hostile client can do). */
function emitUntyped(socket: ClientSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return (
    socket.timeout(5_000) as unknown as {
      emitWithAck(e: string, ...a: unknown[]): Promise<unknown>;
    }
  ).emitWithAck(event, ...args);
}

describe('bad input', () => {
  it('answers invalid payloads with invalid_message acks naming the fields', async () => {
    createManualSimulation(t, { id: 'sim-a' });
    const socket = await t.connect();
    const ack = await emitUntyped(socket, 'subscribe', {
      simulationId: 'sim-a',
      sinceSeq: -3,
      extra: true,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    const paths = (ack as { error: { issues: { path: string }[] } }).error.issues.map(
      (i) => i.path,
    );
    expect(paths).toContain('sinceSeq');

    expect(await emitUntyped(socket, 'subscribe', 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(await emitUntyped(socket, 'decision:answer', { simulationId: 'sim-a' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(
      await emitUntyped(socket, 'subscribe', { simulationId: 'sim-a', types: ['nope'] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(await emitUntyped(socket, 'no-such-event', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
  });

  it('answers an unknown simulation with unknown_simulation', async () => {
    const socket = await t.connect();
    expect(await emitUntyped(socket, 'subscribe', { simulationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_simulation' },
    });
    expect(
      await emitUntyped(socket, 'decision:answer', {
        simulationId: 'nope',
        decisionId: 'd1',
        choice: 'recommended',
        idempotencyKey: 'k1',
      }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_simulation' } });
  });

  it('survives messages without an ack or with a non-function ack, reporting errors as notices', async () => {
    const socket = await t.connect();
    const received = record(socket);
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit('subscribe', {
      simulationId: 'nope',
    });
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit('subscribe', 'x', 42);
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit('ping');
    await flush(socket);
    expect(socket.connected).toBe(true);
    expect(received.notices.map((n) => n.kind === 'error' && n.error.code)).toEqual([
      'unknown_simulation',
      'invalid_message',
    ]);
  });

  it('keeps streaming every event in order to others while one client floods malformed and oversized messages', async () => {
    const sim = createRunningSimulation(t, { id: 'sim-flood' });
    const good = await t.connect();
    const goodReceived = record(good);
    await good.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-flood', sinceSeq: 0 });

    const attacker = await t.connect();
    const attackerGone = new Promise((resolve) => attacker.once('disconnect', resolve));
    const huge = 'x'.repeat(64 * 1024);
    const untyped = attacker as unknown as { emit(e: string, ...a: unknown[]): void };
    for (let i = 0; i < 300; i++) {
      untyped.emit('subscribe', { simulationId: { $gt: '' }, types: [null] }, () => {});
      untyped.emit(
        'decision:answer',
        JSON.parse('{"__proto__":{"polluted":true},"choice":"x"}'),
        () => {},
      );
      untyped.emit('garbage', 'x'.repeat(500));
      if (i % 100 === 99) untyped.emit('subscribe', { simulationId: huge });
    }
    await attackerGone; // oversized frames and the rate limit both end in a disconnect

    const target = sim.seq + 20;
    await waitFor(
      () => (goodReceived.batches.at(-1)?.toSeq ?? 0) >= target,
      10_000,
      'events after the flood',
    );
    const seqs = goodReceived.seqs();
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(good.connected).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers messages above the rate with rate_limited and disconnects persistent abusers', async () => {
    createManualSimulation(t, { id: 'sim-rate' });
    const socket = await t.connect();
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    const acks = await Promise.all(
      Array.from({ length: 120 }, () =>
        socket
          .timeout(2_000)
          .emitWithAck('ping', { type: 'ping' })
          .catch(() => null),
      ),
    );
    const codes = acks.map((a) =>
      a && 'ok' in a && a.ok === false ? a.error.code : a ? 'pong' : 'none',
    );
    expect(codes.filter((c) => c === 'pong')).toHaveLength(50);
    expect(codes).toContain('rate_limited');
    const more = Array.from({ length: 100 }, () => socket.emit('ping', { type: 'ping' }, () => {}));
    expect(more).toHaveLength(100);
    await gone;
    expect(socket.connected).toBe(false);
  });
});
