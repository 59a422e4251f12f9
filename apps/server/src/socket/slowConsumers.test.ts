import type { Socket as NetSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  type ClientSocket,
  createManualSimulation,
  record,
  useTestServer,
  waitFor,
} from '../serverTestkit.js';

const t = useTestServer({}, { slowConsumerFrames: 20, slowConsumerCheckMs: 50 });

/** The TCP socket under a socket.io-client connection (engine.io-client → ws → net). */
function tcpOf(socket: ClientSocket): NetSocket {
  const transport = socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  return transport.ws._socket;
}

describe('slow consumers', () => {
  it('drops a socket that stops reading, while a reading one keeps every event', async () => {
    // Big frames fill the send buffers fast: 350 entities (≈ 110 KB) plus a sparse network of
    // ≈ 1,900 claims (≈ 100 KB) per step. At the default density the network alone would be
    // ≈ 1 MB a step, and the reading socket would take longer than the test to parse them.
    const sim = createManualSimulation(t, { id: 'sim-slow', banks: 300, funds: 50, density: 0.02 });
    const slow = await t.connect();
    const fast = await t.connect();
    const fastReceived = record(fast);
    await slow.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-slow' });
    await fast.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-slow' });
    const dropped = new Promise((resolve) => slow.once('disconnect', resolve));

    tcpOf(slow).pause(); // stops reading: the server's send buffers fill up
    const start = sim.seq;
    const droppedCount = async () =>
      (await t.server.metrics.slowConsumersDropped.get()).values[0]?.value ?? 0;
    for (let i = 0; i < 500 && (await droppedCount()) === 0; i++) {
      sim.stepNow();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await droppedCount()).toBe(1);
    tcpOf(slow).resume();
    await dropped;

    await waitFor(() => (fastReceived.batches.at(-1)?.toSeq ?? 0) === sim.seq, 10_000);
    const seqs = fastReceived.seqs();
    expect(seqs).toEqual(Array.from({ length: sim.seq - start }, (_, i) => start + 1 + i));
  });
});
