/**
 * Socket.IO's Redis adapter on cluster nodes (in-process nodes, one real redis-server): what
 * Socket.IO broadcasts reaches every node's sockets once, simulation events are not doubled
 * by it (each node feeds its own viewers from the log), and a node shutting down tells and
 * cuts only its own clients.
 */
import { describe, expect, it } from 'vitest';
import { type TestNode, inProcessClusterForFile, rest } from '../redis/clusterTestkit.js';
import { record, waitFor } from '../serverTestkit.js';

const t = inProcessClusterForFile();

async function twoNodesStreaming(id: string): Promise<[TestNode, TestNode]> {
  const a = await t.node('a');
  const b = await t.node('b');
  const sim = { id, banks: 8, funds: 2, seed: 5, stepIntervalMs: 50 };
  expect((await rest(a.url, 'POST', '/api/v1/simulations', sim)).status).toBe(201);
  await waitFor(() => b.server.hub.get(id) !== undefined, 5_000, `node b adopts ${id}`);
  return [a, b];
}

async function viewer(url: string, simulationId: string) {
  const socket = await t.connect(url);
  const received = record(socket);
  await socket.timeout(5_000).emitWithAck('subscribe', { simulationId, sinceSeq: 0 });
  return { socket, received };
}

describe('Socket.IO Redis adapter (cluster nodes)', () => {
  it('broadcasts reach every node’s sockets once; events are not doubled', async () => {
    const [a, b] = await twoNodesStreaming('sim-adapter');
    const onA = await viewer(a.url, 'sim-adapter');
    const onB = await viewer(b.url, 'sim-adapter');
    await waitFor(() => onB.received.seqs().length >= 20, 10_000, '20 events on node b');
    await waitFor(() => onA.received.seqs().length >= 20, 10_000, '20 events on node a');
    for (const { received } of [onA, onB]) {
      const seqs = received.seqs();
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    // Through the adapter: node a puts every node's sockets in a room and speaks to it.
    a.server.io.socketsJoin('everyone');
    let inRoom = 0;
    while (inRoom < 2) inRoom = (await a.server.io.in('everyone').fetchSockets()).length;
    const notice = {
      kind: 'error',
      error: { code: 'internal', message: 'A notice for every node.' },
    } as const;
    a.server.io.to('everyone').emit('notice', notice);
    for (const { received } of [onA, onB]) {
      await waitFor(() => received.notices.length > 0, 5_000, 'the notice');
    }
    const seqB = onB.received.seqs().length;
    await waitFor(() => onB.received.seqs().length >= seqB + 10, 10_000, 'ten more events');
    for (const { received } of [onA, onB]) {
      expect(received.notices).toEqual([notice]);
      const seqs = received.seqs();
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
  }, 60_000);

  it('a node shutting down notifies and disconnects only its own clients', async () => {
    const [a, b] = await twoNodesStreaming('sim-shutdown');
    const onA = await viewer(a.url, 'sim-shutdown');
    const onB = await viewer(b.url, 'sim-shutdown');
    let bDisconnected = false;
    onB.socket.on('disconnect', () => {
      bDisconnected = true;
    });
    await a.close();
    expect(onA.received.notices).toContainEqual(expect.objectContaining({ kind: 'shutdown' }));
    await waitFor(() => !onA.socket.connected, 5_000, 'node a’s client cut');
    const seen = onB.received.seqs().length;
    await waitFor(() => onB.received.seqs().length >= seen + 10, 15_000, 'node b streams on');
    expect(bDisconnected).toBe(false);
    expect(onB.received.notices).toEqual([]);
  }, 60_000);
});
