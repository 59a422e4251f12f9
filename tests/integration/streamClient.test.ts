import { createMemoryStorage } from '@simstream/client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createManualSimulation,
  cutConnection,
  openViewer,
  type RunningServer,
  settled,
  startServer,
  step,
  type Viewer,
  waitUntil,
} from './harness.js';
import { simulationKeys } from '@simstream/client';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(port = 0, env: Record<string, string> = {}): Promise<RunningServer> {
  const running = await startServer(port, env);
  cleanups.push(() => running.server.close());
  return running;
}

function viewer(...args: Parameters<typeof openViewer>): Viewer {
  const v = openViewer(...args);
  cleanups.push(() => v.stop());
  return v;
}

const seqOf = (runtime: { snapshot(): { seq: number } }) => runtime.snapshot().seq;

describe('stream client against the real server', () => {
  it('forced disconnects with events emitted meanwhile end with the caches of a client that never disconnected', async () => {
    const running = await server();
    const sim = createManualSimulation(running, { id: 'sim-cut' });
    const steady = viewer(running.url, 'sim-cut');
    const cut = viewer(running.url, 'sim-cut', { auth: 'victim' });
    const full = viewer(running.url, 'sim-cut', { steps: 'full' });
    const delta = viewer(running.url, 'sim-cut', { steps: 'delta' });
    await waitUntil(() => cut.client.getSnapshot().connection.status === 'live', 'victim live');
    step(sim, 5);
    await settled(steady, seqOf(sim), 'sim-cut');
    await settled(cut, seqOf(sim), 'sim-cut');

    for (let round = 0; round < 3; round++) {
      expect(cutConnection(running, 'victim')).toBe(1);
      step(sim, 7); // while the victim is away
      await waitUntil(
        () => cut.client.getSnapshot().connection.status === 'reconnecting',
        'victim to notice the cut',
      );
      await settled(cut, seqOf(sim), 'sim-cut');
      expect(cut.client.getSnapshot().simulations['sim-cut']?.lastRecovery).toMatchObject({
        kind: 'replayed',
      });
    }
    await settled(steady, seqOf(sim), 'sim-cut');
    await settled(full, seqOf(sim), 'sim-cut');
    await settled(delta, seqOf(sim), 'sim-cut');
    const decisions = steady.caches().decisions as unknown[];
    expect(decisions.length).toBeGreaterThan(0);
    // The default encoding is compact (live and replayed); the events list does not show it.
    expect(steady.receivedTypes.has('simulation_compact')).toBe(true);
    expect(cut.receivedTypes.has('simulation_compact')).toBe(true);
    // 26 steps: the keyframes at timesteps 10 and 20 came compact too (a whole snapshot in
    // columns), and still every cache matches the full and delta viewers'.
    expect(steady.receivedTypes.has('simulation_compact keyframe')).toBe(true);
    expect(delta.receivedTypes.has('simulation_delta')).toBe(true);
    expect(full.receivedTypes.has('simulation_delta')).toBe(false);
    expect(full.receivedTypes.has('simulation_compact')).toBe(false);
    expect(JSON.stringify(steady.caches().events)).not.toContain('"snapshot"');
    expect(cut.caches()).toEqual(steady.caches());
    expect(full.caches()).toEqual(steady.caches());
    expect(delta.caches()).toEqual(steady.caches());
  });

  it('a gap larger than the server log resyncs once and ends equal to a steady client', async () => {
    const running = await server(0, { REPLAY_LOG_SIZE: '1000' });
    const sim = createManualSimulation(running, { id: 'sim-gap' });
    const retention = 500; // below the log, so both clients can hold the same window
    const steady = viewer(running.url, 'sim-gap', { eventRetention: retention });
    const cut = viewer(running.url, 'sim-gap', { auth: 'victim', eventRetention: retention });
    const full = viewer(running.url, 'sim-gap', { eventRetention: retention, steps: 'full' });
    step(sim, 3);
    await settled(steady, seqOf(sim), 'sim-gap');
    await settled(cut, seqOf(sim), 'sim-gap');

    const before = seqOf(sim);
    cutConnection(running, 'victim');
    step(sim, 1_100); // more than the log holds
    expect(seqOf(sim) - before).toBeGreaterThan(1_000);
    await settled(steady, seqOf(sim), 'sim-gap');
    await settled(cut, seqOf(sim), 'sim-gap');
    expect(cut.client.getSnapshot().simulations['sim-gap']?.lastRecovery).toMatchObject({
      kind: 'resynced',
    });
    step(sim, 2);
    await settled(steady, seqOf(sim), 'sim-gap');
    await settled(cut, seqOf(sim), 'sim-gap');
    await settled(full, seqOf(sim), 'sim-gap');
    expect(steady.receivedTypes.has('simulation_compact')).toBe(true);
    // The resynced client's list came from REST (full steps) and compact steps: still the same list.
    expect(cut.caches()).toEqual(steady.caches());
    expect(full.caches()).toEqual(steady.caches());
    // 1,100 steps to three clients and a resync: 10–15 s on a loaded 2-core machine.
  }, 90_000);

  it('survives a server restart whose seq is already past the client: resyncs by epoch and matches a client that only knew the new server', async () => {
    const first = await startServer(0);
    const port = first.port;
    const before = createManualSimulation(first, { id: 'sim-restart' });
    const survivor = viewer(first.url, 'sim-restart');
    step(before, 20);
    await settled(survivor, seqOf(before), 'sim-restart');
    const oldSeq = survivor.lastSeq();
    const oldEpoch = survivor.client.getSnapshot().simulations['sim-restart']?.epoch;
    expect(oldEpoch).toBe(before.epoch);
    await first.server.close();

    // A new process on the same port; the same simulation id re-created and, before anyone
    // can reconnect, run well past the survivor's lastSeq: seq alone cannot reveal the restart.
    let after: ReturnType<typeof createManualSimulation> | undefined;
    const second = await startServer(port, {}, (server) => {
      after = createManualSimulation({ server }, { id: 'sim-restart', seed: 7 });
      step(after, 60);
    });
    cleanups.push(() => second.server.close());
    if (!after) throw new Error('simulation not created');
    const restarted = after;
    expect(seqOf(restarted)).toBeGreaterThan(oldSeq);
    expect(restarted.epoch).not.toBe(oldEpoch);
    await waitUntil(
      () =>
        survivor.client.getSnapshot().simulations['sim-restart']?.lastRecovery?.kind === 'resynced',
      'survivor to resync',
    );
    const fresh = viewer(second.url, 'sim-restart');
    await settled(survivor, seqOf(restarted), 'sim-restart');
    await settled(fresh, seqOf(restarted), 'sim-restart');
    expect(survivor.client.getSnapshot().simulations['sim-restart']?.epoch).toBe(restarted.epoch);
    step(restarted, 3);
    await settled(survivor, seqOf(restarted), 'sim-restart');
    await settled(fresh, seqOf(restarted), 'sim-restart');
    expect(survivor.receivedTypes.has('simulation_compact')).toBe(true);
    expect(survivor.caches()).toEqual(fresh.caches());
  });

  it('a decision answered while offline is delivered once after the reconnect, and survives a reload', async () => {
    const running = await server();
    const sim = createManualSimulation(running, {
      id: 'sim-decide',
      decisionPolicy: { npaThreshold: 0, pauseOnDecision: true, deadlineSteps: 50 },
    });
    let answersReceived = 0;
    running.server.io.on('connection', (socket) => {
      socket.onAny((event) => {
        if (event === 'decision:answer') answersReceived++;
      });
    });
    const storage = createMemoryStorage();
    const v = viewer(running.url, 'sim-decide', { storage });
    const pendingDecision = () =>
      (
        v.queryClient.getQueryData(simulationKeys.decisions('sim-decide')) as
          | { decision_id: string; status: string }[]
          | undefined
      )?.find((d) => d.status === 'pending');
    for (let i = 0; i < 50 && !pendingDecision(); i++) {
      step(sim, 1);
      await settled(v, seqOf(sim), 'sim-decide');
    }
    const decision = pendingDecision();
    expect(decision).toBeDefined();

    v.client.disconnect();
    const answered = v.client.answerDecision({
      simulationId: 'sim-decide',
      decisionId: decision!.decision_id,
      choice: 'alternative',
    });
    expect(v.client.getSnapshot().outbox).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(answersReceived).toBe(0);
    v.client.reconnect();
    await expect(answered).resolves.toMatchObject({
      ok: true,
      status: 'accepted',
      choice: 'alternative',
    });
    await waitUntil(
      () =>
        (v.caches().decisions as { decision_id: string; status: string }[]).some(
          (d) => d.decision_id === decision!.decision_id && d.status === 'resolved',
        ),
      'the resolution to reach the cache',
    );
    expect(answersReceived).toBe(1);
    expect(v.client.getSnapshot().outbox).toHaveLength(0);

    // A reload: the answer is stored, the page closes before it leaves, a new page sends it once.
    for (let i = 0; i < 50; i++) {
      const next = pendingDecision();
      if (next && next.decision_id !== decision!.decision_id) break;
      step(sim, 1);
      await settled(v, seqOf(sim), 'sim-decide');
    }
    const second = pendingDecision();
    expect(second).toBeDefined();
    if (!second) return;
    v.client.disconnect();
    void v.client.answerDecision({
      simulationId: 'sim-decide',
      decisionId: second.decision_id,
      choice: 'recommended',
    });
    v.client.destroy();
    const reloaded = viewer(running.url, 'sim-decide', { storage });
    await waitUntil(
      () => answersReceived === 2 && reloaded.client.getSnapshot().outbox.length === 0,
      'stored answer sent',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(answersReceived).toBe(2);
  });
});
