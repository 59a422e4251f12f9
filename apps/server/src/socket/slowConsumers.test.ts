import type { Socket as NetSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cutSocket, unsentBytes } from './backpressure.js';
import {
  type ClientSocket,
  createManualSimulation,
  record,
  useTestServer,
  waitFor,
} from '../serverTestkit.js';

const t = useTestServer({ MAX_UNSENT_BYTES: '262144' }, { slowConsumerCheckMs: 50 });

/** The TCP socket under a socket.io-client connection (engine.io-client → ws → net). */
function tcpOf(socket: ClientSocket): NetSocket {
  const transport = socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  return transport.ws._socket;
}

describe('slow consumers', () => {
  it('cuts a socket holding more unsent bytes than MAX_UNSENT_BYTES, frees what it held at once, and the stock client reconnects by itself; a reading one keeps every event', async () => {
    // Big frames fill the send buffers fast: 350 entities (≈ 110 KB) plus a sparse network of
    // ≈ 1,900 claims (≈ 100 KB) per step. At the default density the network alone would be
    // ≈ 1 MB a step, and the reading socket would take longer than the test to parse them.
    const sim = createManualSimulation(t, { id: 'sim-slow', banks: 300, funds: 50, density: 0.02 });
    // Stock socket.io-client with its own reconnection on (the kit's client reconnects too).
    const slow = await t.connect({ reconnection: true, reconnectionDelay: 100 });
    const fast = await t.connect();
    const fastReceived = record(fast);
    await slow.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-slow' });
    await fast.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-slow' });
    const dropped = new Promise<string>((resolve) => slow.once('disconnect', resolve));
    const serverSide = [...t.server.io.sockets.sockets.values()].find((s) => s.id === slow.id)!;

    tcpOf(slow).pause(); // stops reading: the server's send buffers fill up
    const start = sim.seq;
    const droppedCount = async () =>
      (await t.server.metrics.slowConsumersDropped.get()).values[0]?.value ?? 0;
    for (let i = 0; i < 500 && (await droppedCount()) === 0; i++) {
      sim.stepNow();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await droppedCount()).toBe(1);
    // Freed at once — not when the heartbeat gives up on it (~20 s): nothing queued for it,
    // and the server forgot the socket.
    expect(unsentBytes(serverSide)).toBe(0);
    await waitFor(
      () => !serverSide.connected && !t.server.io.sockets.sockets.has(serverSide.id),
      1_000,
    );
    const reconnected = new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    tcpOf(slow).resume();
    // Not `io server disconnect`: stock socket.io-client reconnects by itself after this.
    expect(await dropped).toMatch(/^transport (close|error)$/);
    await reconnected;
    expect(slow.connected).toBe(true);

    await waitFor(() => (fastReceived.batches.at(-1)?.toSeq ?? 0) === sim.seq, 10_000);
    const seqs = fastReceived.seqs();
    expect(seqs).toEqual(Array.from({ length: sim.seq - start }, (_, i) => start + 1 + i));
  });
});

describe('a cut', () => {
  it('tells a client whose link still reads why, before the close, and it reconnects by itself and catches up', async () => {
    const sim = createManualSimulation(t, { id: 'sim-cut' });
    const viewer = await t.connect({ reconnection: true, reconnectionDelay: 100 });
    const received = record(viewer);
    const reasons: string[] = [];
    viewer.on('disconnect', (reason) => reasons.push(reason));
    // What any client does on connect: (re)subscribe from the last seq it has.
    viewer.on('connect', () => {
      const sinceSeq = received.batches.at(-1)?.toSeq;
      viewer.emit(
        'subscribe',
        { simulationId: 'sim-cut', ...(sinceSeq ? { sinceSeq } : {}) },
        () => {},
      );
    });
    await viewer.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-cut' });
    for (let i = 0; i < 3; i++) sim.stepNow();
    await waitFor(() => (received.batches.at(-1)?.toSeq ?? 0) === sim.seq);
    const serverSide = [...t.server.io.sockets.sockets.values()].find((s) => s.id === viewer.id)!;

    // The cut the slow-consumer watch and the replay pager make.
    const notice = {
      kind: 'error',
      error: {
        code: 'rate_limited',
        message:
          'This connection fell 9000 KB behind (the limit is 8192 KB); reconnect to catch up.',
      },
    } as const;
    cutSocket(serverSide, notice);
    for (let i = 0; i < 3; i++) sim.stepNow(); // missed while cut
    await waitFor(() => reasons.length === 1, 5_000);
    expect(received.notices).toEqual([notice]);
    expect(reasons[0]).toMatch(/^transport (close|error)$/);
    await waitFor(
      () => viewer.connected && (received.batches.at(-1)?.toSeq ?? 0) === sim.seq,
      10_000,
    );
    expect(received.seqs()).toEqual(Array.from({ length: sim.seq }, (_, i) => i + 1));
  });
});

describe('replay amplification', () => {
  it('a reader that stopped reading and subscribes far back again and again holds no replay in server memory', async () => {
    const sim = createManualSimulation(t, { id: 'sim-amp', banks: 100, funds: 20 });
    for (let i = 0; i < 450; i++) sim.stepNow();
    const attacker = await t.connect();
    await attacker.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-amp' });
    const serverSide = [...t.server.io.sockets.sockets.values()].find((s) => s.id === attacker.id)!;
    tcpOf(attacker).pause();
    let peak = 0;
    for (let i = 0; i < 30; i++) {
      attacker.emit('subscribe', { simulationId: 'sim-amp', sinceSeq: sim.seq - 400 }, () => {});
      await new Promise((resolve) => setTimeout(resolve, 20));
      peak = Math.max(peak, unsentBytes(serverSide));
    }
    // Before paging each subscribe queued ~400 steps of a 120-entity model (tens of MB).

    expect(peak).toBeLessThan(4 * 1_048_576);
    tcpOf(attacker).resume();
  });

  it('a reading client gets a long replay whole, in order, after its ack', async () => {
    const sim = createManualSimulation(t, { id: 'sim-page', banks: 10, funds: 2 });
    const reader = await t.connect();
    const received = record(reader);
    await reader.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-page' });
    for (let i = 0; i < 400; i++) sim.stepNow();
    await waitFor(() => (received.batches.at(-1)?.toSeq ?? 0) === sim.seq, 10_000);
    const late = await t.connect();
    const replayed = record(late);
    const logged = sim.seq;
    const ack = await late
      .timeout(5_000)
      .emitWithAck('subscribe', { simulationId: 'sim-page', sinceSeq: 0 });
    expect(ack).toMatchObject({ ok: true, replayed: logged });
    for (let i = 0; i < 5; i++) sim.stepNow(); // live ticks while the replay pages
    await waitFor(() => (replayed.batches.at(-1)?.toSeq ?? 0) === sim.seq, 10_000);
    expect(replayed.seqs()).toEqual(Array.from({ length: sim.seq }, (_, i) => i + 1));
  });
});
