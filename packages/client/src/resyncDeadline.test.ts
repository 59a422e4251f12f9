import type { Envelope } from '@simstream/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshotAt, stepEvent } from './testing/fixtures.js';
import { setup } from './testing/harness.js';
import { hubServer } from './testing/hubServer.js';
import type { TransportOptions } from './transport.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * The server's `fetch`, except that snapshot requests hang (no answer, ever, until
 * aborted) while `hang` is true: a keep-alive connection that died silently.
 */
function withHangingSnapshots(realFetch: typeof fetch) {
  const state = { hang: false, hung: 0 };
  const fetch: typeof globalThis.fetch = (input, init) => {
    if (!state.hang || !String(input).endsWith('/snapshot')) return realFetch(input, init);
    state.hung++;
    return new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
  };
  return { fetch, state };
}

function collect() {
  const seqs: number[] = [];
  return {
    seqs,
    onEvents: (events: readonly Envelope[]) => seqs.push(...events.map((e) => e.seq)),
  };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a resync whose snapshot load hangs', () => {
  it('stays resyncing (not live), abandons the load at the deadline and retries with backoff until it succeeds', async () => {
    const base = setup({}, hubServer({ logCapacity: 2 }));
    base.client.destroy();
    const hanging = withHangingSnapshots(base.server.fetch);
    const { client, server } = setup(
      { fetch: hanging.fetch, requestTimeoutMs: 2_000, holdMs: 100 },
      base.server,
    );
    const seen = collect();
    client.watch('sim', { ...seen, withSnapshot: true });
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 1)]);
    // A gap older than the log: the client must resync, and its snapshot loads hang.
    for (let t = 2; t <= 6; t++) server.publish('sim', [stepEvent('sim', t)], { send: false });
    hanging.state.hang = true;
    server.publish('sim', [stepEvent('sim', 7)]);
    await vi.advanceTimersByTimeAsync(100);
    expect(client.getSnapshot().simulations.sim?.phase).toBe('resyncing');
    expect(hanging.state.hung).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000); // the deadline: abandoned, first retry after ~1 s
    expect(client.getSnapshot().simulations.sim?.phase).toBe('resyncing');
    await vi.advanceTimersByTimeAsync(1_300);
    expect(hanging.state.hung).toBe(2);
    hanging.state.hang = false; // the network heals
    server.publish('sim', [stepEvent('sim', 8)]);
    await vi.advanceTimersByTimeAsync(2_000 + 2_600);
    const state = client.getSnapshot().simulations.sim!;
    expect(state).toMatchObject({ phase: 'live', lastSeq: 8, error: null });
    expect(state.lastRecovery).toMatchObject({ kind: 'resynced' });
    expect(client.getSimulationSnapshot('sim')).toEqual({
      seq: 8,
      epoch: server.epochOf('sim'),
      snapshot: snapshotAt('sim', 8),
    });
    server.publish('sim', [stepEvent('sim', 9)]);
    expect(client.getSimulationSnapshot('sim')?.snapshot).toEqual(snapshotAt('sim', 9));
  });

  it('an unknown simulation is not retried: it ends in error at once', async () => {
    const { client, server } = setup();
    client.watch('nope', { withSnapshot: true });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.getSnapshot().simulations.nope).toMatchObject({
      phase: 'error',
      error: { code: 'unknown_simulation' },
    });
    expect(server.restCalls.filter((p) => p.endsWith('/snapshot'))).toHaveLength(1);
  });

  it('drops frames beyond maxBufferedFrames while loading, then replays them from the snapshot: no gap, no duplicate', async () => {
    const base = setup();
    base.client.destroy();
    const { server } = base;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.publish('sim', [stepEvent('sim', 1)]);
    const slowFetch: typeof fetch = async (input, init) => {
      const response = await server.fetch(input, init); // the snapshot is taken now (seq 1)…
      if (String(input).endsWith('/snapshot')) await gate; // …and delivered late
      return response;
    };
    const { client } = setup({ fetch: slowFetch, maxBufferedFrames: 5, holdMs: 100 }, server);
    const seen = collect();
    client.watch('sim', { ...seen, withSnapshot: true });
    await vi.advanceTimersByTimeAsync(0);
    for (let t = 2; t <= 21; t++) server.publish('sim', [stepEvent('sim', t)]);
    expect(seen.seqs).toEqual([]);
    release();
    await vi.advanceTimersByTimeAsync(200);
    expect(seen.seqs).toEqual(range(2, 21));
    expect(client.getSimulationSnapshot('sim')?.snapshot).toEqual(snapshotAt('sim', 21));
    // The frames the bound dropped came back by a replay from the snapshot's seq.
    expect(server.emitted.filter((e) => e.event === 'subscribe').at(-1)?.payload).toMatchObject({
      sinceSeq: 1,
    });
  });
});

describe('viewerId', () => {
  it('reaches the transport, so the server names this viewer in answered_by', async () => {
    const base = setup();
    base.client.destroy();
    const seen: TransportOptions[] = [];
    const { client } = setup(
      {
        viewerId: 'alice',
        transport: (options) => {
          seen.push(options);
          return base.server.transport(options);
        },
      },
      base.server,
    );
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen[0]).toMatchObject({ viewerId: 'alice' });
  });
});
