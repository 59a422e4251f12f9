/**
 * The real server behind a bad network: a proxy adds 500 ± 200 ms to every read, resets 1 %
 * of reads' connections and now and then lets a connection go silent for a few seconds
 * (half-open: no byte, no FIN). Through it, kit viewers (the stream client with TanStack
 * Query caches, answering decisions through their outboxes) and stock socket.io-client
 * viewers (one WebSocket-only, one starting on HTTP long-polling) watch a simulation that
 * steps every 100 ms with shocks. Once the network heals: every raw viewer got every seq
 * exactly once (0 lost, 0 duplicated), no kit viewer applied a seq twice or out of order,
 * every outbox is empty, and every kit viewer's caches deep-equal those of a reference
 * viewer connected straight to the server.
 *
 * ~40 s of faults under `npm test`; `SIMSTREAM_SOAK=1` runs 4 minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Proxy as TcpProxy, startProxy } from '../../bench/lib/proxy.js';
import { createManualSimulation, type RunningServer, startServer } from '../integration/harness.js';
import { openViewer, orderViolations, type Viewer } from './reference.js';
import { gapsAndDuplicates, openRawViewer, type RawViewer } from './rawViewer.js';

const SOAK = process.env.SIMSTREAM_SOAK === '1';
const FAULT_MS = SOAK ? 4 * 60_000 : 40_000;
const SIMULATION_ID = 'lossy';
const RETENTION = 2_000;
const BAD_NETWORK = {
  latencyMs: 500,
  jitterMs: 200,
  resetChance: 0.01,
  halfOpenChance: 0.004,
  halfOpenMs: [1_000, 6_000] as const,
};

let running: RunningServer;
let proxy: TcpProxy;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  // A log that holds the whole run, so a raw viewer can always be replayed what it missed.
  running = await startServer(0, { REPLAY_LOG_SIZE: '200000', HTTP_RATE_LIMIT: '1000000' });
  proxy = await startProxy(running.port, BAD_NETWORK);
});

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await proxy?.close();
  await running?.server.close();
});

/** A kit viewer tuned for a slow link: its heartbeat notices a silent connection in ~6 s. */
function kitViewer(url: string, viewerId: string): Viewer {
  return openViewer({
    url,
    simulationId: SIMULATION_ID,
    retention: RETENTION,
    viewerId,
    reconnectDelayMs: 300,
    reconnectAttempts: 1_000_000,
    heartbeatIntervalMs: 2_000,
    heartbeatTimeoutMs: 4_000,
    requestTimeoutMs: 5_000,
  });
}

async function until(check: () => boolean, what: () => string, timeoutMs: number) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Current to `seq` with nothing loading: stream applied, caches committed, queries idle. */
function settled(viewer: Viewer, seq: number): boolean {
  const caches = viewer.caches();
  const state = viewer.client.getSnapshot().simulations[SIMULATION_ID];
  return (
    state?.lastSeq === seq &&
    state.phase === 'live' &&
    caches.snapshot?.seq === seq &&
    caches.events?.at(-1)?.seq === seq &&
    caches.decisions !== undefined &&
    viewer.queryClient.isFetching() === 0
  );
}

describe('fault suite: the real server behind a lossy, slow, half-open network', () => {
  it(
    '0 lost, 0 duplicated; every kit viewer deep-equals the undisturbed reference',
    async () => {
      const runtime = createManualSimulation(running, {
        id: SIMULATION_ID,
        banks: 12,
        funds: 3,
        decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 20 },
      });
      const reference = kitViewer(running.url, 'reference');
      const proxied = `http://127.0.0.1:${proxy.port}`;
      const kits = ['kit-a', 'kit-b', 'kit-c'].map((id) => kitViewer(proxied, id));
      const raws: RawViewer[] = [
        openRawViewer(proxied, SIMULATION_ID),
        openRawViewer(proxied, SIMULATION_ID, { transports: ['polling', 'websocket'] }),
      ];
      const answers: Promise<unknown>[] = [];
      let tick = 0;
      const stepper = setInterval(() => {
        tick++;
        if (tick % 50 === 0) {
          runtime.applyShock({ shock_type: 'credit_loss', target: 'system', magnitude: 0.02 });
        }
        runtime.stepNow();
        // Now and then a kit viewer answers a pending decision it sees, through its outbox.
        if (tick % 15 === 0) {
          const viewer = kits[(tick / 15) % kits.length]!;
          const pending = viewer.caches().decisions?.find((d) => d.status === 'pending');
          if (pending) {
            const choice = tick % 2 === 0 ? 'recommended' : 'alternative';
            answers.push(
              viewer.client
                .answerDecision({
                  simulationId: SIMULATION_ID,
                  decisionId: pending.decision_id,
                  choice,
                })
                .catch((error: unknown) => error),
            );
          }
        }
      }, 100);
      try {
        await new Promise((resolve) => setTimeout(resolve, FAULT_MS));
      } finally {
        clearInterval(stepper);
      }
      const stats = { ...proxy.stats };
      proxy.setFaults({});

      // Healed: queued answers go out and are acked (each may resolve a decision: new events).
      await until(
        () => kits.every((k) => k.client.getSnapshot().outbox.length === 0),
        () => `outboxes ${kits.map((k) => k.client.getSnapshot().outbox.length)}`,
        120_000,
      );
      await Promise.all(answers);
      const last = runtime.seq;
      await until(
        () =>
          [reference, ...kits].every((v) => settled(v, last)) &&
          raws.every((r) => r.lastSeq() === last),
        () =>
          `seq ${last}: kit ${kits.map((k) => k.client.getSnapshot().simulations[SIMULATION_ID]?.lastSeq)}, raw ${raws.map((r) => r.lastSeq())}`,
        120_000,
      );

      // The network really was bad, and every viewer lived through it.
      expect(stats.resets).toBeGreaterThan(0);
      expect(stats.halfOpens).toBeGreaterThan(0);
      expect(raws.reduce((n, r) => n + r.connects(), 0)).toBeGreaterThan(raws.length);
      console.info(
        `lossy network: ${last} events, proxy ${JSON.stringify(stats)}, raw connects ${raws.map((r) => r.connects())}, answers ${answers.length}`,
      );

      for (const raw of raws) {
        expect(raw.resyncs()).toBe(0);
        expect(gapsAndDuplicates(raw.seqs, last)).toEqual({ lost: 0, duplicates: 0 });
      }
      const expected = reference.caches();
      expect(expected.events?.length).toBe(Math.min(RETENTION, last));
      // Answers sent through the bad network were arbitrated once and reached every viewer.
      const answeredByKits = expected.decisions?.filter((d) =>
        d.resolution?.answered_by?.startsWith('kit-'),
      );
      expect(answeredByKits?.length).toBeGreaterThan(0);
      for (const kit of kits) {
        expect(orderViolations(kit.seqs)).toBe(0);
        expect(kit.caches()).toEqual(expected);
      }
      expect(rejections).toEqual([]);
      for (const viewer of [reference, ...kits]) viewer.close();
      for (const raw of raws) raw.close();
    },
    FAULT_MS + 300_000,
  );

  it('a stock client that subscribes on long-polling gets its replay whole across the upgrade to WebSocket', async () => {
    const runtime = createManualSimulation(running, { id: 'upgrade', banks: 10, funds: 2 });
    for (let i = 0; i < 400; i++) runtime.stepNow();
    // Latency only: the subscribe goes out on long-polling, the upgrade lands mid-replay.
    const slow = await startProxy(running.port, { latencyMs: 150, jitterMs: 50 });
    const raw = openRawViewer(`http://127.0.0.1:${slow.port}`, 'upgrade', {
      transports: ['polling', 'websocket'],
      reconnection: false,
    });
    try {
      const logged = runtime.seq;
      await until(
        () => raw.lastSeq() === logged,
        () => `replayed to ${raw.lastSeq()}`,
        60_000,
      );
      for (let i = 0; i < 5; i++) runtime.stepNow();
      const last = runtime.seq;
      await until(
        () => raw.lastSeq() === last,
        () => `live to ${raw.lastSeq()} of ${last}`,
        30_000,
      );
      expect(raw.transport()).toBe('websocket');
      expect(raw.subscribedOn()).toBe('polling');
      expect(gapsAndDuplicates(raw.seqs, last)).toEqual({ lost: 0, duplicates: 0 });
    } finally {
      raw.close();
      await slow.close();
    }
  }, 120_000);
});
