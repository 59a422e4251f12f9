import type { EventBatch, SubscribeAck } from '@simstream/protocol';
import { describe, expect, it, vi } from 'vitest';
import {
  type ClientSocket,
  createManualSimulation,
  createRunningSimulation,
  flush,
  record,
  useTestServer,
  waitFor,
} from '../serverTestkit.js';

const t = useTestServer();

function subscribe(socket: ClientSocket, request: Record<string, unknown>): Promise<SubscribeAck> {
  return socket.timeout(5_000).emitWithAck('subscribe', request as never);
}

/** Every batch continues where the previous one ended, and its events lie in its range. */
function expectContiguous(batches: EventBatch[], fromSeq: number): void {
  let next = fromSeq;
  for (const batch of batches) {
    expect(batch.fromSeq).toBe(next);
    expect(batch.toSeq).toBeGreaterThanOrEqual(batch.fromSeq);
    for (const e of batch.events) expect(e.seq).toBeGreaterThanOrEqual(batch.fromSeq);
    for (const e of batch.events) expect(e.seq).toBeLessThanOrEqual(batch.toSeq);
    next = batch.toSeq + 1;
  }
}

describe('streaming', () => {
  it('sends one events frame per tick with gapless seqs in the protocol envelope', async () => {
    const sim = createManualSimulation(t, { id: 'sim-live' });
    const socket = await t.connect();
    const received = record(socket);
    const ack = await subscribe(socket, { simulationId: 'sim-live' });
    expect(ack).toEqual({
      ok: true,
      simulationId: 'sim-live',
      currentSeq: sim.seq,
      epoch: sim.epoch,
      replayed: 0,
      resync: false,
    });

    const startSeq = sim.seq;
    for (let i = 0; i < 3; i++) sim.stepNow();
    await waitFor(() => received.batches.length === 3, 5_000, 'three batches');

    expectContiguous(received.batches, startSeq + 1);
    expect(received.seqs()).toEqual(
      Array.from({ length: sim.seq - startSeq }, (_, i) => startSeq + 1 + i),
    );
    const envelope = received.batches[0]!.events[0]!;
    expect(Object.keys(envelope).sort()).toEqual([
      'data',
      'seq',
      'simulationId',
      'timestamp',
      'type',
      'v',
    ]);
    expect(envelope.simulationId).toBe('sim-live');
    expect(
      received.batches.flatMap((b) => b.events).some((e) => e.type === 'simulation_step'),
    ).toBe(true);
  });

  it('filters event types on the server while batches still cover the whole tick', async () => {
    const sim = createManualSimulation(t, { id: 'sim-filter' });
    const all = await t.connect();
    const shocksOnly = await t.connect();
    const allReceived = record(all);
    const shocksReceived = record(shocksOnly);
    await subscribe(all, { simulationId: 'sim-filter' });
    await subscribe(shocksOnly, { simulationId: 'sim-filter', types: ['shock_applied'] });
    const start = sim.seq;

    sim.stepNow();
    expect(
      sim.applyShock({ shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.2 }).ok,
    ).toBe(true);
    sim.stepNow();
    await waitFor(() => shocksReceived.batches.length === 2 && allReceived.batches.length === 2);

    const shockTypes = shocksReceived.batches.flatMap((b) => b.events.map((e) => e.type));
    expect(shockTypes).toEqual(['shock_applied']);
    expect(allReceived.batches.flatMap((b) => b.events.map((e) => e.type))).toContain(
      'simulation_step',
    );
    expect(shocksReceived.batches.map((b) => [b.fromSeq, b.toSeq])).toEqual(
      allReceived.batches.map((b) => [b.fromSeq, b.toSeq]),
    );
    expectContiguous(shocksReceived.batches, start + 1);
  });

  it('encodes each tick once per distinct view, not once per socket', async () => {
    const sim = createManualSimulation(t, { id: 'sim-views' });
    const viewFor = vi.spyOn(sim, 'viewFor');
    const a = await t.connect();
    const b = await t.connect();
    const c = await t.connect();
    const [ra, rb, rc] = [record(a), record(b), record(c)];
    await subscribe(a, { simulationId: 'sim-views', steps: 'delta' });
    await subscribe(b, { simulationId: 'sim-views', steps: 'delta' });
    await subscribe(c, { simulationId: 'sim-views' });
    viewFor.mockClear();

    sim.stepNow();
    sim.stepNow();
    await waitFor(
      () => ra.batches.length === 2 && rb.batches.length === 2 && rc.batches.length === 2,
    );

    // Two ticks × two distinct views, for three sockets.
    expect(viewFor).toHaveBeenCalledTimes(4);
    expect(ra.batches).toEqual(rb.batches);
    // The first step after subscribing may be a keyframe; the next one is a delta.
    expect(ra.batches[1]!.events.map((e) => e.type)).toContain('simulation_delta');
    expect(rc.batches[1]!.events.map((e) => e.type)).toContain('simulation_step');
    expect(rc.batches[1]!.events.map((e) => e.type)).not.toContain('simulation_delta');
  });

  it('replays what a forcibly disconnected client missed: no gap, no duplicate', async () => {
    const sim = createManualSimulation(t, { id: 'sim-replay' });
    const socket = await t.connect();
    const received = record(socket);
    await subscribe(socket, { simulationId: 'sim-replay', sinceSeq: 0 });
    sim.stepNow();
    sim.stepNow();
    await waitFor(() => received.batches.length >= 2);
    const lastSeq = received.batches.at(-1)!.toSeq;

    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
    t.server.io.in(socket.id!).disconnectSockets(true);
    await dropped;
    for (let i = 0; i < 5; i++) sim.stepNow(); // emitted while the client is away
    const missed = sim.seq - lastSeq;

    socket.connect();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const ack = await subscribe(socket, { simulationId: 'sim-replay', sinceSeq: lastSeq });
    expect(ack).toEqual({
      ok: true,
      simulationId: 'sim-replay',
      currentSeq: sim.seq,
      epoch: sim.epoch,
      replayed: missed,
      resync: false,
    });
    // The replay frames arrived before the ack.
    expect(received.batches.at(-1)!.toSeq).toBe(sim.seq);
    sim.stepNow();
    await waitFor(() => received.batches.at(-1)!.toSeq === sim.seq);

    const seqs = received.seqs();
    expect(seqs).toEqual(Array.from({ length: sim.seq }, (_, i) => i + 1));
    expectContiguous(received.batches, 1);
  });

  it('hands over from replay to live without a gap while the simulation runs', async () => {
    const sim = createRunningSimulation(t, { id: 'sim-running' });
    await waitFor(() => sim.seq >= 5, 5_000, 'a few steps');
    const socket = await t.connect();
    const received = record(socket);
    const ack = await subscribe(socket, { simulationId: 'sim-running', sinceSeq: 0 });
    expect(ack.ok && ack.resync).toBe(false);
    const target = sim.seq + 10;
    await waitFor(() => (received.batches.at(-1)?.toSeq ?? 0) >= target, 10_000, 'live events');

    const seqs = received.seqs();
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expectContiguous(received.batches, 1);
  });

  it('answers resync when the missed events are no longer in the log', async () => {
    await t.start({}, { hub: { logCapacity: 10 } });
    const sim = createManualSimulation(t, { id: 'sim-gap' });
    for (let i = 0; i < 15; i++) sim.stepNow();
    expect(sim.seq).toBeGreaterThan(11);
    const socket = await t.connect();
    const received = record(socket);

    const ack = await subscribe(socket, { simulationId: 'sim-gap', sinceSeq: 1 });
    expect(ack).toEqual({
      ok: true,
      simulationId: 'sim-gap',
      currentSeq: sim.seq,
      epoch: sim.epoch,
      replayed: 0,
      resync: true,
    });
    // A seq of another server life (another epoch) resyncs even when that seq is in the log,
    // and nothing of this life is replayed on top of the old state.
    const before = received.batches.length;
    expect(
      await subscribe(socket, {
        simulationId: 'sim-gap',
        sinceSeq: sim.seq - 2,
        epoch: 'old-life',
      }),
    ).toEqual({
      ok: true,
      simulationId: 'sim-gap',
      currentSeq: sim.seq,
      epoch: sim.epoch,
      replayed: 0,
      resync: true,
    });
    expect(received.batches.length).toBe(before);
    const sameLife = await subscribe(socket, {
      simulationId: 'sim-gap',
      sinceSeq: sim.seq - 2,
      epoch: sim.epoch,
    });
    expect(sameLife).toMatchObject({ resync: false, replayed: 2 });
    received.batches.length = 0;
    // A client from before a server restart may be ahead of the new log: resync too.
    expect(
      await subscribe(socket, { simulationId: 'sim-gap', sinceSeq: sim.seq + 100 }),
    ).toMatchObject({
      ok: true,
      resync: true,
    });
    const snapshot = (await (
      await fetch(`${t.url}/api/v1/simulations/sim-gap/snapshot`)
    ).json()) as { seq: number };
    expect(snapshot.seq).toBe(sim.seq);
    // Still subscribed: live events continue after the resync point.
    sim.stepNow();
    await waitFor(() => received.batches.length === 1);
    expect(received.batches[0]!.fromSeq).toBe(snapshot.seq + 1);
  });

  it('stops sending after unsubscribe', async () => {
    const sim = createManualSimulation(t, { id: 'sim-unsub' });
    const socket = await t.connect();
    const received = record(socket);
    await subscribe(socket, { simulationId: 'sim-unsub' });
    sim.stepNow();
    await waitFor(() => received.batches.length === 1);

    const ack = await socket
      .timeout(5_000)
      .emitWithAck('unsubscribe', { simulationId: 'sim-unsub' });
    expect(ack).toEqual({ ok: true, simulationId: 'sim-unsub' });
    sim.stepNow();
    await flush(socket);
    expect(received.batches).toHaveLength(1);
    const again = await socket
      .timeout(5_000)
      .emitWithAck('unsubscribe', { simulationId: 'sim-unsub' });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_subscribed' } });
  });

  it('tells subscribers when their simulation is deleted', async () => {
    createManualSimulation(t, { id: 'sim-deleted' });
    const socket = await t.connect();
    const received = record(socket);
    await subscribe(socket, { simulationId: 'sim-deleted' });
    const res = await fetch(`${t.url}/api/v1/simulations/sim-deleted`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    await waitFor(() => received.notices.length === 1);
    expect(received.notices[0]).toMatchObject({
      kind: 'simulation_removed',
      simulationId: 'sim-deleted',
    });
    expect(t.server.core.fanout.viewerCount('sim-deleted')).toBe(0);
    expect(await subscribe(socket, { simulationId: 'sim-deleted' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_simulation' },
    });
  });

  it('answers the protocol ping with a pong', async () => {
    const socket = await t.connect();
    const pong = await socket.timeout(5_000).emitWithAck('ping', { type: 'ping' });
    expect(pong.type).toBe('pong');
    expect(Number.isNaN(Date.parse(pong.timestamp))).toBe(false);
  });
});
