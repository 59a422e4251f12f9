/**
 * Reconnect: the real stream client (in this process) against the real server (in a child)
 * through a proxy that goes down while the simulation runs on. Measures the time from the
 * proxy being back up to the client being Live with every missed event applied; the
 * baseline is a cold start (a new client to Live at the same server) in the same run.
 */
import { type StreamClient, createStreamClient } from '@simstream/client';
import { Child, sleep } from '../lib/child.js';
import { startProxy } from '../lib/proxy.js';
import type { ReconnectReply, ReconnectRequest } from './serverChild.js';

export interface ReconnectResult {
  missed: number;
  /** Proxy back up → Live with `lastSeq` = server seq. */
  reconnectMs: number;
  /** How the client caught up (must be a replay, not a resync). */
  recovery: string;
  /** A fresh client: watch → Live with `lastSeq` = server seq. */
  coldMs: number;
}

const now = () => performance.now();

function waitUntil(
  client: StreamClient,
  simulationId: string,
  seq: number,
  timeoutMs = 60_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = client.getSnapshot();
      const sim = s.simulations[simulationId];
      if (s.connection.status === 'live' && sim?.phase === 'live' && sim.lastSeq >= seq) {
        off();
        clearTimeout(timer);
        resolve(now());
      }
    };
    const off = client.subscribe(check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`client not live at seq ${seq} within ${timeoutMs} ms`));
    }, timeoutMs);
    check();
  });
}

function newClient(port: number): StreamClient {
  return createStreamClient({
    url: `http://127.0.0.1:${port}`,
    // Retry quickly so the figure is the catch-up, not the back-off (it includes ≤ 50 ms).
    reconnectDelayMs: 50,
    jitter: 0,
    reconnectAttempts: 10_000,
  });
}

/**
 * Measure reconnect catch-up for each count of missed events.
 *
 * @example
 * const results = await measureReconnect([100, 10_000]);
 */
export async function measureReconnect(
  missedCounts: readonly number[],
): Promise<ReconnectResult[]> {
  const { child, ready } = await Child.start<ReconnectRequest, ReconnectReply>(
    new URL('./serverChild.ts', import.meta.url),
    [],
  );
  if (ready.cmd !== 'ready') throw new Error('reconnect server did not start');
  const serverPort = Number(new URL(ready.url).port);
  const proxy = await startProxy(serverPort);
  const { simulationId } = ready;
  const results: ReconnectResult[] = [];
  let applied = 0;
  const client = newClient(proxy.port);
  const unwatch = client.watch(simulationId, {
    steps: 'delta',
    withSnapshot: true,
    onEvents: (events) => {
      applied += events.length;
    },
  });
  try {
    let { seq } = await child.request({ cmd: 'advance', events: 10 });
    await waitUntil(client, simulationId, seq);
    for (const missed of missedCounts) {
      await proxy.down();
      while (client.getSnapshot().connection.status === 'live') await sleep(5);
      ({ seq } = await child.request({ cmd: 'advance', events: missed }));
      const before = applied;
      const upAt = now();
      await proxy.up();
      const liveAt = await waitUntil(client, simulationId, seq);
      const caughtUp = applied - before;
      // The subscribe ack trails the replay frames: wait for it to label the recovery.
      const recoveredSince = Date.now() - (now() - upAt);
      let recovery = client.getSnapshot().simulations[simulationId]?.lastRecovery ?? null;
      for (let i = 0; i < 100 && !(recovery && recovery.at >= recoveredSince); i++) {
        await sleep(5);
        recovery = client.getSnapshot().simulations[simulationId]?.lastRecovery ?? null;
      }

      // Baseline: a new client reaching Live at the same server state.
      const cold = newClient(proxy.port);
      const coldStart = now();
      const coldUnwatch = cold.watch(simulationId, { steps: 'delta', withSnapshot: true });
      const coldLive = await waitUntil(cold, simulationId, seq);
      coldUnwatch();
      cold.destroy();

      results.push({
        missed,
        reconnectMs: liveAt - upAt,
        recovery: `${recovery?.kind ?? 'unknown'} (${caughtUp} events applied)`,
        coldMs: coldLive - coldStart,
      });
    }
  } finally {
    unwatch();
    client.destroy();
    await proxy.close();
    await child.stop({ cmd: 'exit' });
  }
  return results;
}
