/**
 * Dead keep-alive HTTP connections during a resync, against the real server: a kit viewer
 * loads its caches over pooled keep-alive connections, then every one of those connections
 * silently stops passing bytes (a NAT or firewall dropped their state: no FIN, no RST) while
 * its WebSocket is cut and the simulation runs past the replay log. The viewer resyncs; its
 * snapshot and list requests go into the dead connections, are abandoned at the client's
 * `requestTimeoutMs`, retried on fresh connections, and the caches end deep-equal those of a
 * viewer that was never disturbed — well before the 300 s a request without a deadline
 * would hang for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Proxy as TcpProxy, startProxy } from '../../bench/lib/proxy.js';
import { createManualSimulation, type RunningServer, startServer } from '../integration/harness.js';
import { openViewer, type Viewer } from './reference.js';

const SIMULATION_ID = 'keepalive';
const RETENTION = 40;
const REQUEST_TIMEOUT_MS = 3_000;

let running: RunningServer;
let proxy: TcpProxy;

beforeAll(async () => {
  // A short log: what the viewer misses while cut off is gone from it, so it must resync.
  running = await startServer(0, { REPLAY_LOG_SIZE: '1000', HTTP_RATE_LIMIT: '1000000' });
  proxy = await startProxy(running.port);
});

afterAll(async () => {
  await proxy?.close();
  await running?.server.close();
});

function viewer(url: string): Viewer {
  return openViewer({
    url,
    simulationId: SIMULATION_ID,
    retention: RETENTION,
    reconnectDelayMs: 200,
    reconnectAttempts: 1_000,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
}

async function until(check: () => boolean, what: () => string, timeoutMs: number) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function settled(v: Viewer, seq: number): boolean {
  const state = v.client.getSnapshot().simulations[SIMULATION_ID];
  const caches = v.caches();
  return (
    state?.phase === 'live' &&
    state.lastSeq === seq &&
    caches.snapshot?.seq === seq &&
    caches.events?.at(-1)?.seq === seq &&
    v.queryClient.isFetching() === 0
  );
}

describe('fault suite: dead keep-alive HTTP connections during a resync', () => {
  it('abandons the hung loads at its timeout, retries on fresh connections, and ends deep-equal', async () => {
    const runtime = createManualSimulation(running, { id: SIMULATION_ID, banks: 8, funds: 2 });
    for (let i = 0; i < 30; i++) runtime.stepNow();
    const reference = viewer(running.url);
    const victim = viewer(`http://127.0.0.1:${proxy.port}`);
    const phases: string[] = [];
    victim.client.subscribe(() => {
      const phase = victim.client.getSnapshot().simulations[SIMULATION_ID]?.phase ?? 'none';
      if (phases.at(-1) !== phase) phases.push(phase);
    });
    try {
      await until(
        () => settled(victim, runtime.seq) && settled(reference, runtime.seq),
        () => 'first load',
        60_000,
      );
      const pooled = proxy.connections().filter((c) => c.kind === 'http');
      expect(pooled.length).toBeGreaterThan(0); // the first loads left keep-alive connections

      for (const connection of pooled) connection.blackHole();
      for (const connection of proxy.connections()) {
        if (connection.kind === 'websocket') connection.reset();
      }
      // Past the log of 1,000 before the viewer is back: its subscribe answers resync.
      for (let i = 0; i < 1_100; i++) runtime.stepNow();
      const last = runtime.seq;

      // 90 s: a few timeouts and retries; a load without a deadline would hang for 300 s.
      await until(
        () => settled(victim, last) && settled(reference, last),
        () =>
          `victim at ${victim.client.getSnapshot().simulations[SIMULATION_ID]?.lastSeq} of ${last}, phases ${phases}`,
        90_000,
      );
      // It did send into the dead connections (and did not wait for them to come back).
      expect(pooled.reduce((n, c) => n + c.swallowedBytes, 0)).toBeGreaterThan(0);
      expect(phases).toContain('resyncing');
      expect(victim.caches()).toEqual(reference.caches());
    } finally {
      reference.close();
      victim.close();
    }
  }, 240_000);
});
