/**
 * Issue 12, "two viewers disagree after a pause": pausing and resuming moves a pending
 * decision's deadline (to `null`, then to a new time). Against the real server, a viewer that
 * watched it live and a viewer loaded afterwards must hold the same caches — the move travels
 * on the stream (`simulation_status.deadlines`), not only in the REST view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  createManualSimulation,
  openViewer,
  settled,
  startServer,
  step,
  waitUntil,
} from './harness.js';

const SIMULATION_ID = 'pause-deadlines';

let running: RunningServer;
beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running?.server.close();
});

interface Decision {
  decision_id: string;
  status: string;
  deadline_at: string | null;
}

const pendingDeadline = (decisions: unknown) =>
  (decisions as Decision[] | undefined)?.find((d) => d.status === 'pending')?.deadline_at;

describe('pending deadlines across pause and resume', () => {
  it('a live viewer and one loaded afterwards hold the same caches, moved deadlines included', async () => {
    // Ticks a minute apart once running: nothing moves but what the test does.
    const runtime = createManualSimulation(running, {
      id: SIMULATION_ID,
      stepIntervalMs: 60_000,
      decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 50 },
    });
    for (let i = 0; i < 60 && !runtime.decisions().some((d) => d.status === 'pending'); i++) {
      step(runtime, 1);
    }
    expect(runtime.decisions().some((d) => d.status === 'pending')).toBe(true);
    const live = openViewer(running.url, SIMULATION_ID);
    try {
      await settled(live, runtime.seq, SIMULATION_ID);

      await live.client.control(SIMULATION_ID, 'resume');
      await settled(live, runtime.seq, SIMULATION_ID);
      const first = pendingDeadline(live.caches().decisions);
      expect(first).toEqual(expect.any(String));

      await live.client.control(SIMULATION_ID, 'pause');
      await settled(live, runtime.seq, SIMULATION_ID);
      expect(pendingDeadline(live.caches().decisions)).toBeNull();

      await new Promise((resolve) => setTimeout(resolve, 50)); // the clock moves on meanwhile
      await live.client.control(SIMULATION_ID, 'resume');
      await settled(live, runtime.seq, SIMULATION_ID);
      const moved = pendingDeadline(live.caches().decisions);
      expect(moved).toEqual(expect.any(String));
      expect(moved).not.toBe(first);
      // What the server itself says now.
      expect(moved).toBe(runtime.decisions().find((d) => d.status === 'pending')?.deadline_at);

      const reloaded = openViewer(running.url, SIMULATION_ID);
      try {
        await settled(reloaded, runtime.seq, SIMULATION_ID);
        await waitUntil(() => reloaded.caches().decisions !== undefined, 'reloaded decisions');
        expect(live.caches()).toEqual(reloaded.caches());
      } finally {
        reloaded.stop();
      }
    } finally {
      live.stop();
    }
  });
});
