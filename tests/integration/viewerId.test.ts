/**
 * `viewerId` end to end: the client's option reaches the real server's handshake, names the
 * viewer in `answered_by`, and stays the same label across reconnects.
 */
import { createMemoryStorage, createStreamClient } from '@simstream/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualSimulation, type RunningServer, startServer, step } from './harness.js';

let running: RunningServer | null = null;
afterEach(async () => {
  await running?.server.close();
  running = null;
});

describe('viewerId', () => {
  it('names the viewer in answered_by, the same label after a reconnect', async () => {
    running = await startServer();
    const sim = createManualSimulation(running, { id: 'sim-viewer' });
    const client = createStreamClient({
      url: running.url,
      viewerId: 'alice',
      reconnectDelayMs: 100,
      jitter: 0,
      storage: createMemoryStorage(),
    });
    client.watch('sim-viewer');
    const answerNext = async (after: string | null) => {
      let pending = sim.decisions().find((d) => d.status === 'pending');
      for (let i = 0; i < 50 && (!pending || pending.decision_id === after); i++) {
        step(sim, 1);
        pending = sim.decisions().find((d) => d.status === 'pending');
      }
      expect(pending).toBeDefined();
      const ack = await client.answerDecision({
        simulationId: 'sim-viewer',
        decisionId: pending!.decision_id,
        choice: 'alternative',
      });
      expect(ack).toMatchObject({ ok: true, status: 'accepted' });
      return sim.decisions().find((d) => d.decision_id === pending!.decision_id)!;
    };

    const first = await answerNext(null);
    expect(first.resolution?.answered_by).toBe('alice');

    client.disconnect();
    client.reconnect();
    const second = await answerNext(first.decision_id);
    expect(second.resolution?.answered_by).toBe('alice');
    client.destroy();
  });
});
