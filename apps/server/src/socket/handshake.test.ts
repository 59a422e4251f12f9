import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createManualSimulation, record, useTestServer, waitFor } from '../serverTestkit.js';

const t = useTestServer();

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('what a connected socket keeps of its handshake', () => {
  it('lets the upgrade request go (nothing holds it once connected) and keeps serving the socket', async () => {
    const requests: WeakRef<IncomingMessage>[] = [];
    // Registered after the server's own middleware: it sees the same request.
    t.server.io.engine.use((req: IncomingMessage, _res: unknown, next: () => void) => {
      requests.push(new WeakRef(req));
      next();
    });
    const sim = createManualSimulation(t, { id: 'sim-handshake' });
    const socket = await t.connect();
    const received = record(socket);
    const ack = await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: sim.id });
    expect(ack).toMatchObject({ ok: true });

    const [serverSocket] = await t.server.io.fetchSockets();
    expect(serverSocket?.handshake.address).toMatch(/127\.0\.0\.1/);
    expect(serverSocket?.handshake.headers).toEqual({});
    expect(requests).toHaveLength(1);
    // deref() keeps its target alive until the current job ends: collect first, look once.
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
    }
    expect(requests[0]?.deref()).toBeUndefined();

    sim.stepNow();
    await waitFor(() => received.seqs().length > 0);
    expect(received.batches.flatMap((b) => b.events.map((e) => e.type))).toContain(
      'simulation_step',
    );
  });
});
