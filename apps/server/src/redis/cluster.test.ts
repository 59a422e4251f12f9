import type { Envelope } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { record, waitFor } from '../serverTestkit.js';
import { inProcessClusterForFile, rest } from './clusterTestkit.js';
import { RedisRuntimeStore } from './runtimeStore.js';

const t = inProcessClusterForFile();

const node = (name: string, env?: Record<string, string>) => t.node(name, env);

async function viewer(url: string) {
  const socket = await t.connect(url);
  return { socket, received: record(socket) };
}

/** Every seq once, in order, from 1. */
function expectGapless(seqs: readonly number[]): void {
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
}

const SIM = { banks: 8, funds: 2, seed: 3, stepIntervalMs: 50 };

describe('simulations on Redis, served by every node', () => {
  it('creates on one node, streams and answers REST on another, and takes commands from any node', async () => {
    const a = await node('a');
    const b = await node('b');
    const created = await rest(a.url, 'POST', '/api/v1/simulations', { id: 'sim-1', ...SIM });
    expect(created.status).toBe(201);
    await waitFor(() => b.server.hub.get('sim-1') !== undefined, 5_000, 'node b adopts sim-1');

    const { socket, received } = await viewer(b.url);
    const ack = await socket.timeout(5_000).emitWithAck('subscribe', {
      simulationId: 'sim-1',
      sinceSeq: 0,
    });
    expect(ack).toMatchObject({ ok: true, epoch: created.body.epoch, resync: false });
    await waitFor(() => received.seqs().length >= 20, 10_000, '20 events on node b');

    const shock = { shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.2 };
    expect((await rest(b.url, 'POST', '/api/v1/simulations/sim-1/shocks', shock)).status).toBe(202);
    await waitFor(
      () => received.batches.some((batch) => batch.events.some((e) => e.type === 'shock_applied')),
      10_000,
      'the shock sent to node b, applied by the owner on node a',
    );
    const paused = await rest(b.url, 'POST', '/api/v1/simulations/sim-1/pause');
    expect(paused.body).toMatchObject({ status: 'paused' });
    const seqAtPause = paused.body.seq as number;
    const snapshotA = await rest(a.url, 'GET', '/api/v1/simulations/sim-1/snapshot');
    const snapshotB = await rest(b.url, 'GET', '/api/v1/simulations/sim-1/snapshot');
    expect(snapshotB.body).toEqual(snapshotA.body);
    expect(snapshotB.body.seq).toBe(seqAtPause);

    await waitFor(() => received.seqs().at(-1) === seqAtPause, 5_000, 'the pause on node b');
    expectGapless(received.seqs());
    const events = await rest(b.url, 'GET', '/api/v1/simulations/sim-1/events?since=0&limit=1000');
    const streamed = received.batches.flatMap((batch) => batch.events);
    expect(events.body.events).toEqual(streamed);
  }, 60_000);

  it('serves a raw WebSocket viewer of a simulation another node created a moment ago', async () => {
    const a = await node('a');
    // A long lease: b's watcher would not adopt the simulation within this test by itself.
    const b = await node('b', { REDIS_LEASE_MS: '60000' });
    expect((await rest(a.url, 'POST', '/api/v1/simulations', { id: 'sim-w', ...SIM })).status).toBe(
      201,
    );
    expect(b.server.hub.get('sim-w')).toBeUndefined();
    const ws = new WebSocket(`${b.url.replace('http', 'ws')}/api/v1/ws/simulation/sim-w`);
    const types: string[] = [];
    let closed: number | null = null;
    ws.on('message', (data) => types.push((JSON.parse(String(data)) as { type: string }).type));
    ws.on('close', (code) => {
      closed = code;
    });
    try {
      await waitFor(() => types.includes('simulation_step') || closed !== null, 10_000, 'a step');
      expect(closed).toBeNull();
      expect(types).not.toContain('error');
    } finally {
      ws.close();
    }
  }, 60_000);

  it('finds its simulations again after every node restarted: same epoch, the next seq', async () => {
    const a = await node('a');
    const created = await rest(a.url, 'POST', '/api/v1/simulations', { id: 'sim-r', ...SIM });
    await waitFor(() => (a.server.hub.get('sim-r')?.seq ?? 0) >= 15, 10_000, '15 events');
    await a.close();
    const before = await new RedisRuntimeStore(t.redis.client(), { logSize: 5_000 }).meta('sim-r');

    const b = await node('b');
    const { socket, received } = await viewer(b.url);
    const ack = await socket.timeout(5_000).emitWithAck('subscribe', {
      simulationId: 'sim-r',
      sinceSeq: 0,
      epoch: created.body.epoch as string,
    });
    expect(ack).toMatchObject({ ok: true, epoch: created.body.epoch, resync: false });
    await waitFor(() => received.seqs().length >= before!.seq + 10, 10_000, 'it runs on');
    expectGapless(received.seqs());
    expect(b.server.hub.ownedIds()).toEqual(['sim-r']);
  }, 60_000);

  it('fails over: the owner dies, another node rebuilds from the input log and goes on — viewers elsewhere see no gap, no duplicate, no resync', async () => {
    const a = await node('a');
    const b = await node('b');
    const c = await node('c');
    const created = await rest(a.url, 'POST', '/api/v1/simulations', { id: 'sim-f', ...SIM });
    await waitFor(() => c.server.hub.get('sim-f') !== undefined, 5_000, 'node c adopts it');
    const onB = await viewer(b.url);
    const onC = await viewer(c.url);
    for (const { socket } of [onB, onC]) {
      await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-f', sinceSeq: 0 });
    }
    await waitFor(() => onB.received.seqs().length >= 20, 10_000, '20 events before the crash');
    await rest(a.url, 'POST', '/api/v1/simulations/sim-f/shocks', {
      shock_type: 'asset_price_crash',
      target: 'real_estate',
      magnitude: -0.3,
    });
    const seqAtCrash = a.server.hub.get('sim-f')!.seq;
    await a.crash();

    await waitFor(
      () => b.server.hub.ownedIds().length + c.server.hub.ownedIds().length === 1,
      // Lease 2 s plus a rebuild; the 5 s bound is asserted against real processes (tests/cluster).
      15_000,
      'a new owner',
    );
    await waitFor(() => onC.received.seqs().length >= seqAtCrash + 20, 10_000, 'it goes on');
    for (const { received } of [onB, onC]) {
      expectGapless(received.seqs());
      expect(received.notices).toEqual([]);
    }
    const store = new RedisRuntimeStore(t.redis.client(), { logSize: 5_000 });
    expect((await store.meta('sim-f'))!.epoch).toBe(created.body.epoch);
    const upTo = onB.received.seqs().length;
    const logged = await store.replay('sim-f', 0, upTo);
    const streamed = onB.received.batches.flatMap((batch) => batch.events).slice(0, upTo);
    expect(streamed).toEqual(logged.resync ? null : logged.events);
    const onBEvents: Envelope[] = onB.received.batches.flatMap((batch) => batch.events);
    const onCEvents: Envelope[] = onC.received.batches.flatMap((batch) => batch.events);
    const common = Math.min(onBEvents.length, onCEvents.length);
    expect(onCEvents.slice(0, common)).toEqual(onBEvents.slice(0, common));
  }, 60_000);
});
