/**
 * A rolling restart of all 3 node processes (SIGTERM, start again, back in HAProxy's rotation,
 * then the next) under 300 kit viewers connected through the load balancer: within 30 s of
 * the last node being back every viewer is live again and current, and after a pause every
 * viewer's caches (the stream client's snapshot and the query caches) equal a fresh viewer's —
 * no viewer lost or doubled an event.
 *
 * The viewers run in 4 processes of their own (viewerFleet.ts), as browsers would, and arrive
 * over a few seconds rather than in one instant: 300 viewers in the test's process saturate
 * its one thread on a loaded machine (measured: its REST deadlines fired at 22 s for answers
 * the nodes had sent in time — each node used under 3 s of CPU in those 34 s).
 */
import { describe, expect, it } from 'vitest';
import { rest } from '../../apps/server/src/redis/clusterTestkit.js';
import { openViewer, type Viewer } from '../integration/viewer.js';
import { clusterForFile, health } from './clusterTestkit.js';
import { startViewerFleet, type ViewerState, viewerState } from './viewerFleet.js';

const VIEWERS = Number(process.env.ROLLING_VIEWERS ?? 300);
// Every viewer here comes from one address (loopback), so the per-address HTTP budget — shared
// by the nodes — must hold 300 viewers' snapshot, events and decisions fetches.
const t = clusterForFile({ nodes: 3, env: { HTTP_RATE_LIMIT: '100000' } });

const SIM = {
  id: 'sim-rolling',
  banks: 8,
  funds: 2,
  seed: 31,
  stepIntervalMs: 1_000,
  decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 20 },
};

/** The simulation's current seq, as a node's REST snapshot says. */
async function currentSeq(url: string): Promise<number> {
  return (await rest(url, 'GET', `/api/v1/simulations/${SIM.id}/snapshot`)).body.seq as number;
}

/**
 * Poll the fleet until `done` holds for every viewer, or `deadline` (ms since the epoch)
 * passes; returns the viewers it does not hold for (with their index), empty on success.
 */
async function until(
  fleet: Awaited<ReturnType<typeof startViewerFleet>>,
  done: (state: ViewerState) => boolean,
  deadline: number,
): Promise<Array<ViewerState & { index: number }>> {
  for (;;) {
    const states = await fleet.states(SIM.id);
    const pending = states
      .map((state, index) => ({ index, ...state }))
      .filter((state) => !done(state));
    if (pending.length === 0 || Date.now() > deadline) return pending.slice(0, 5);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const log = (what: string) =>
  console.log(`rolling restart: ${what} at ${new Date().toISOString()}`);

describe('rolling restart', () => {
  it('restarts all 3 nodes one by one under 300 viewers: every viewer back and equal within 30 s', async () => {
    const { cluster } = t;
    expect((await rest(cluster.url, 'POST', '/api/v1/simulations', SIM)).status).toBe(201);
    const fleet = await startViewerFleet(4);
    let reference: Viewer | null = null;
    try {
      log('viewer processes started');
      await fleet.open(cluster.url, SIM.id, VIEWERS, 100);
      log('viewers opened');
      const streaming = (s: ViewerState) =>
        s.connection === 'live' &&
        s.lastSeq >= 5 &&
        s.fetching === 0 &&
        s.lastEventSeq !== undefined;
      expect(await until(fleet, streaming, Date.now() + 180_000)).toEqual([]);
      const perNode = await Promise.all(
        cluster.nodes.map(async (n) => (await health(n.url)).connections),
      );
      expect(perNode.every((count) => count > 0)).toBe(true);
      log(`all streaming (per node ${perNode.join(', ')})`);

      for (const node of cluster.nodes) {
        await cluster.restart(node.name);
        await cluster.waitForLb(node.name, 'UP');
        log(`${node.name} back`);
      }
      // Within 30 s of the last node's return: every viewer live, then at the current seq.
      const deadline = Date.now() + 30_000;
      expect(await until(fleet, (s) => s.connection === 'live', deadline)).toEqual([]);
      log('every viewer live');
      const seq = await currentSeq(cluster.url);
      expect(await until(fleet, (s) => s.lastSeq >= seq, deadline)).toEqual([]);

      log(`every viewer at ${seq}`);
      const paused = await rest(cluster.url, 'POST', `/api/v1/simulations/${SIM.id}/pause`);
      expect(paused.status).toBe(200);
      const pausedAt = paused.body.seq as number;
      reference = openViewer(cluster.url, SIM.id);
      const atPause = (s: ViewerState) =>
        s.lastSeq === pausedAt &&
        s.snapshotSeq === pausedAt &&
        s.lastEventSeq === pausedAt &&
        s.fetching === 0;
      const settleBy = Date.now() + 60_000;
      while (!atPause(viewerState(reference, SIM.id)) && Date.now() < settleBy)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const expected = viewerState(reference, SIM.id);
      expect(atPause(expected)).toBe(true);
      expect(await until(fleet, atPause, settleBy)).toEqual([]);
      const states = await fleet.states(SIM.id);
      const differing = states.flatMap((s, index) => (s.digest === expected.digest ? [] : [index]));
      // The first one that differs shows how; then how many do.
      if (differing[0] !== undefined)
        expect(await fleet.caches(differing[0])).toEqual(reference.caches());
      expect(differing).toEqual([]);
      expect(states).toHaveLength(VIEWERS);
    } finally {
      reference?.stop();
      await fleet.stop();
    }
  }, 480_000);
});
