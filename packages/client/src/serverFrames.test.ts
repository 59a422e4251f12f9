import type { Envelope } from '@simstream/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAnswerAck, readSubscribeAck } from './serverFrames.js';
import { snapshotAt, stepEvent } from './testing/fixtures.js';
import { setup } from './testing/harness.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('frames from the server are checked against the protocol', () => {
  it('drops a malformed batch and recovers its events from the server, as from a lost frame', async () => {
    const { client, server } = setup({ holdMs: 500 });
    const seqs: number[] = [];
    client.watch('sim', {
      withSnapshot: true,
      onEvents: (events: readonly Envelope[]) => seqs.push(...events.map((e) => e.seq)),
    });
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 1)]);
    const lost = server.publish('sim', [stepEvent('sim', 2)], { send: false });
    // A copy: the frame shares its envelopes with the server's log, which must stay intact.
    const mangled = structuredClone(server.frame('sim', lost));
    const step = mangled.events[0] as Envelope<'simulation_step'>;
    // A number where the protocol has a fraction in [0, 1]: nothing of the frame may apply.
    (step.data as { system_health: unknown }).system_health = 'healthy';
    server.socket.receive('events', mangled);
    expect(seqs).toEqual([1]);
    expect(client.getSimulationSnapshot('sim')?.snapshot.timestep).toBe(1);
    server.publish('sim', [stepEvent('sim', 3)]);
    await vi.advanceTimersByTimeAsync(500);
    expect(seqs).toEqual([1, 2, 3]);
    expect(client.getSimulationSnapshot('sim')?.snapshot).toEqual(snapshotAt('sim', 3));
  });

  it('ignores a notice the protocol does not define', async () => {
    const { client, server } = setup();
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    server.socket.receive('notice', { kind: 'shutdown', message: 'bye', retryAfterMs: -5 });
    server.socket.receive('notice', null);
    expect(client.getSnapshot().connection.status).toBe('live');
  });

  it('reads a malformed ack as the error it amounts to, with the sentence saying what is wrong', () => {
    expect(readSubscribeAck({ ok: true, simulationId: 'sim' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_message', message: expect.stringMatching(/^Invalid subscribe ack/) },
    });
    expect(readAnswerAck(undefined)).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    const ok = { ok: true, status: 'accepted', decisionId: 'd', choice: 'recommended' };
    expect(readAnswerAck({ ...ok, resolvedBy: 'answer' })).toEqual({ ...ok, resolvedBy: 'answer' });
  });
});
