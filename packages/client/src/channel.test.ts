import type { Envelope } from '@simstream/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shockEvent, snapshotAt, stepEvent } from './testing/fixtures.js';
import { setup } from './testing/harness.js';
import { hubServer } from './testing/hubServer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const snapshotCalls = (server: { restCalls: readonly string[] }) =>
  server.restCalls.filter((p) => p.endsWith('/snapshot')).length;

function collect() {
  const seqs: number[] = [];
  return {
    seqs,
    onEvents: (events: readonly Envelope[]) => seqs.push(...events.map((e) => e.seq)),
  };
}

describe('seq, resume and dedupe', () => {
  it('drops duplicates and frames at or below lastSeq', async () => {
    const { client, server } = setup();
    const seen = collect();
    client.watch('sim', seen);
    await vi.advanceTimersByTimeAsync(0);
    const sent = server.publish('sim', [stepEvent('sim', 1), shockEvent(1)]);
    server.deliver(server.frame('sim', sent)); // the same frame again
    server.deliver(server.frame('sim', sent.slice(0, 1)));
    expect(seen.seqs).toEqual([1, 2]);
    expect(client.getSnapshot().simulations.sim?.lastSeq).toBe(2);
  });

  it('holds an out-of-order frame until the missing one arrives, then applies both in order', async () => {
    const { client, server } = setup();
    const seen = collect();
    client.watch('sim', seen);
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 1)]);
    const [a, b] = [
      server.publish('sim', [shockEvent(1)], { send: false }),
      server.publish('sim', [stepEvent('sim', 2)], { send: false }),
    ];
    server.deliver(server.frame('sim', b));
    expect(seen.seqs).toEqual([1]);
    server.deliver(server.frame('sim', a));
    expect(seen.seqs).toEqual([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.emitted.filter((e) => e.event === 'subscribe')).toHaveLength(1);
  });

  it('asks the server to replay a real gap once the hold expires', async () => {
    const { client, server } = setup({ holdMs: 500 });
    const seen = collect();
    client.watch('sim', { ...seen, withSnapshot: true });
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 1)]);
    server.publish('sim', [shockEvent(1)], { send: false }); // lost in transit
    server.publish('sim', [stepEvent('sim', 2)]);
    expect(seen.seqs).toEqual([1]);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen.seqs).toEqual([1, 2, 3]);
    expect(client.getSimulationSnapshot('sim')?.snapshot.timestep).toBe(2);
    expect(snapshotCalls(server)).toBe(1); // only the initial load
  });

  it('refetches the snapshot exactly once when the gap is older than the server log', async () => {
    const { client, server } = setup({ holdMs: 500 }, hubServer({ logCapacity: 3 }));
    const resets: string[] = [];
    client.watch('sim', { withSnapshot: true, onReset: (_s, why) => resets.push(why) });
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 1)]);
    for (let t = 2; t <= 10; t++) server.publish('sim', [stepEvent('sim', t)], { send: false });
    server.publish('sim', [stepEvent('sim', 11)]);
    server.publish('sim', [stepEvent('sim', 12)]);
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(0);
    expect(resets).toEqual(['initial', 'resync']);
    expect(snapshotCalls(server)).toBe(2);
    const state = client.getSnapshot().simulations.sim!;
    expect(state.lastSeq).toBe(12);
    expect(state.lastRecovery).toMatchObject({ kind: 'resynced' });
    expect(client.getSimulationSnapshot('sim')).toEqual({
      seq: 12,
      epoch: server.epochOf('sim'),
      snapshot: snapshotAt('sim', 12),
    });
  });

  it('buffers events that arrive before the initial snapshot and applies only the newer ones', async () => {
    const { client, server } = setup();
    let release: () => void = () => {};
    const realFetch = server.fetch;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    server.publish('sim', [stepEvent('sim', 1)]);
    const slowFetch: typeof fetch = async (input, init) => {
      const response = await realFetch(input, init); // snapshot taken now, at seq 1…
      await gate; // …but delivered late
      return response;
    };
    const seen = collect();
    const { client: slow } = setup({ fetch: slowFetch }, server);
    client.destroy();
    slow.watch('sim', { ...seen, withSnapshot: true });
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 2), shockEvent(2)]);
    expect(seen.seqs).toEqual([]);
    expect(slow.getSnapshot().simulations.sim?.phase).toBe('loading');
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.seqs).toEqual([2, 3]);
    expect(slow.getSimulationSnapshot('sim')).toEqual({
      seq: 3,
      epoch: server.epochOf('sim'),
      snapshot: snapshotAt('sim', 2),
    });
  });

  it('resumes from lastSeq after a reconnect and records how many events were replayed', async () => {
    const { client, server } = setup();
    const seen = collect();
    client.watch('sim', { ...seen, withSnapshot: true });
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 1)]);
    server.socket.drop();
    server.publish('sim', [stepEvent('sim', 2), stepEvent('sim', 3)]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot().connection.status).toBe('live');
    expect(server.emitted.filter((e) => e.event === 'subscribe').at(-1)?.payload).toMatchObject({
      sinceSeq: 1,
    });
    expect(seen.seqs).toEqual([1, 2, 3]);
    expect(client.getSnapshot().simulations.sim?.lastRecovery).toMatchObject({
      kind: 'replayed',
      count: 2,
    });
  });

  it('treats a server whose seq went backwards (a restart) as a resync', async () => {
    const { client, server } = setup();
    client.watch('sim', { withSnapshot: true });
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 1), stepEvent('sim', 2), stepEvent('sim', 3)]);
    server.socket.drop();
    server.createSimulation('sim', snapshotAt('sim', 0)); // restarted: seq from 0 again
    server.publish('sim', [stepEvent('sim', 1)]);
    await vi.advanceTimersByTimeAsync(3_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getSimulationSnapshot('sim')).toEqual({
      seq: 1,
      epoch: server.epochOf('sim'),
      snapshot: snapshotAt('sim', 1),
    });
    expect(client.getSnapshot().simulations.sim?.lastRecovery).toMatchObject({ kind: 'resynced' });
    server.publish('sim', [stepEvent('sim', 2)]);
    expect(client.getSimulationSnapshot('sim')?.seq).toBe(2);
  });

  it('merges type filters of all watchers and filters per watcher', async () => {
    const { client, server } = setup();
    const steps = collect();
    const shocks = collect();
    client.watch('sim', { ...steps, types: ['simulation_step'] });
    client.watch('sim', { ...shocks, types: ['shock_applied'] });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.emitted.filter((e) => e.event === 'subscribe').at(-1)?.payload).toMatchObject({
      types: ['shock_applied', 'simulation_step'],
    });
    server.publish('sim', [stepEvent('sim', 1), shockEvent(1)]);
    expect(steps.seqs).toEqual([1]);
    expect(shocks.seqs).toEqual([2]);
  });

  // The first step is a keyframe: whole, as a full step for delta subscribers and as a
  // compact keyframe (the snapshot in columns) for compact ones.
  it.each([
    ['delta', 'simulation_step'],
    ['compact', 'simulation_compact'],
  ] as const)(
    'a simulation_step filter also admits the %s encoding of steps, as the server does',
    async (steps, keyframe) => {
      const { client, server } = setup();
      const received: string[] = [];
      client.watch('sim', {
        types: ['simulation_step'],
        steps,
        onEvents: (events) => received.push(...events.map((e) => e.type)),
      });
      await vi.advanceTimersByTimeAsync(0);
      server.publish('sim', [stepEvent('sim', 1)]);
      server.publish('sim', [stepEvent('sim', 2)]);
      expect(received).toEqual([keyframe, `simulation_${steps}`]);
    },
  );

  it('asks the server for the fullest encoding any watcher wants: full, then delta, then compact', async () => {
    const { client, server } = setup();
    const lastSteps = () => server.emitted.filter((e) => e.event === 'subscribe').at(-1)?.payload;
    const stopCompact = client.watch('sim', { steps: 'compact' });
    await vi.advanceTimersByTimeAsync(0);
    expect(lastSteps()).toMatchObject({ steps: 'compact' });
    const stopDelta = client.watch('sim', { steps: 'delta' });
    await vi.advanceTimersByTimeAsync(0);
    expect(lastSteps()).toMatchObject({ steps: 'delta' });
    const stopFull = client.watch('sim', { steps: 'full' });
    await vi.advanceTimersByTimeAsync(0);
    expect(lastSteps()).toMatchObject({ steps: 'full' });
    stopFull();
    stopDelta();
    await vi.advanceTimersByTimeAsync(0);
    expect(lastSteps()).toMatchObject({ steps: 'compact' });
    stopCompact();
  });

  it('unsubscribes when the last watcher of a simulation leaves', async () => {
    const { client, server } = setup();
    const a = client.watch('sim');
    const b = client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    a();
    expect(server.emitted.some((e) => e.event === 'unsubscribe')).toBe(false);
    b();
    await vi.advanceTimersByTimeAsync(1_000); // the linger
    expect(server.emitted.filter((e) => e.event === 'unsubscribe')).toHaveLength(1);
    expect(client.getSnapshot().simulations.sim).toBeUndefined();
  });

  it('a re-watch within the linger keeps the subscription and the snapshot (StrictMode remount)', async () => {
    const { client, server } = setup();
    const stop = client.watch('sim', { withSnapshot: true });
    await vi.advanceTimersByTimeAsync(0);
    stop();
    const resets: string[] = [];
    client.watch('sim', { withSnapshot: true, onReset: (_s, why) => resets.push(why) });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(resets).toEqual(['initial']);
    expect(snapshotCalls(server)).toBe(1);
    expect(server.emitted.map((e) => e.event)).toEqual(['subscribe', 'subscribe']); // live, then from the snapshot's seq
    expect(server.emitted.some((e) => e.event === 'unsubscribe')).toBe(false);
  });

  it('reports an unknown simulation on its stream state', async () => {
    const { client } = setup();
    client.watch('nope');
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getSnapshot().simulations.nope).toMatchObject({
      phase: 'error',
      error: { code: 'unknown_simulation' },
    });
  });

  it('a delta that does not fit the snapshot refetches it once, then applies what follows', async () => {
    const { client, server } = setup();
    const resets: string[] = [];
    client.watch('sim', {
      withSnapshot: true,
      steps: 'delta',
      onReset: (_s, why) => resets.push(why),
    });
    await vi.advanceTimersByTimeAsync(0);
    const at5 = snapshotAt('sim', 5);
    server.publish('sim', [stepEvent('sim', 5)], { send: false }); // the server moved on
    const [delta] = server.publish(
      'sim',
      [
        {
          type: 'simulation_delta',
          data: {
            timestep: 6,
            base_timestep: 5, // our snapshot is at 0
            status: 'running',
            system_health: 0.9,
            alive_agents: 3,
            prices: snapshotAt('sim', 6).prices,
            changed: snapshotAt('sim', 6).entities.map((e) => ({ id: e.id, equity: e.equity })),
          },
        },
      ],
      { send: false },
    );
    server.deliver(server.frame('sim', [{ ...delta!, seq: 1 }]));
    await vi.advanceTimersByTimeAsync(0);
    expect(resets).toEqual(['initial', 'resync']);
    expect(snapshotCalls(server)).toBe(2);
    // The refetch answers what the log holds: step 5, then the delta to step 6.
    expect(client.getSimulationSnapshot('sim')?.snapshot.timestep).toBe(at5.timestep + 1);
    server.publish('sim', [stepEvent('sim', 7)]);
    expect(client.getSimulationSnapshot('sim')).toEqual({
      seq: 3,
      epoch: server.epochOf('sim'),
      snapshot: snapshotAt('sim', 7),
    });
  });
});
