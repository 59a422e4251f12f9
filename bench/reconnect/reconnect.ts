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
  /** Events the simulation actually produced meanwhile (≥ `missed`). */
  produced: number;
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

/** A server the catch-up is measured against, and how to make it produce events. */
export interface CatchUpTarget {
  /** Loopback port of the server (a proxy goes in front of it). */
  port: number;
  simulationId: string;
  /**
   * Make the simulation produce at least `events` more events while no client watches it, and
   * stop there; resolves with the seq it then stands at.
   */
  advance(events: number): Promise<number>;
}

/**
 * Reconnect catch-up against any server: a client watches through a proxy, the proxy goes
 * down, the simulation advances by each count, the proxy comes back; timed from proxy-up to
 * Live with every missed event applied. Each count is followed by a cold start at the same
 * state (the baseline).
 *
 * @example
 * const results = await measureCatchUp({ port, simulationId, advance: (n) => advanceByRest(url, id, n) }, [10_000]);
 */
export async function measureCatchUp(
  target: CatchUpTarget,
  missedCounts: readonly number[],
): Promise<ReconnectResult[]> {
  const proxy = await startProxy(target.port);
  const { simulationId } = target;
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
    let seq = await target.advance(10);
    await waitUntil(client, simulationId, seq);
    for (const missed of missedCounts) {
      await proxy.down();
      while (client.getSnapshot().connection.status === 'live') await sleep(5);
      const from = seq;
      seq = await target.advance(missed);
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
        produced: seq - from,
        reconnectMs: liveAt - upAt,
        recovery: `${recovery?.kind ?? 'unknown'} (${caughtUp} events applied)`,
        coldMs: coldLive - coldStart,
      });
    }
  } finally {
    unwatch();
    client.destroy();
    await proxy.close();
  }
  return results;
}

/**
 * Measure reconnect catch-up for each count of missed events against the real server in a
 * child process, which advances its simulation by exact counts of realistic ticks.
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
  try {
    if (ready.cmd !== 'ready') throw new Error('reconnect server did not start');
    const advance = async (events: number) => (await child.request({ cmd: 'advance', events })).seq;
    const port = Number(new URL(ready.url).port);
    return await measureCatchUp({ port, simulationId: ready.simulationId, advance }, missedCounts);
  } finally {
    await child.stop({ cmd: 'exit' });
  }
}
