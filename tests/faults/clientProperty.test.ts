/**
 * Property: whatever the network does to a viewer — lost, doubled and reordered frames, cut
 * and half-open connections, outages long enough to force a resync, hung snapshot requests,
 * latency, the user pressing Reconnect, a page reload — once the network heals, the viewer's
 * caches deep-equal a reference reducer fed the undisturbed stream, and a freshly loaded
 * viewer's caches too. Over 10,000 events per run, through the real client, cache bridge and
 * server core (in-memory transport, one fake clock for both ends).
 *
 * `SIMSTREAM_SOAK=1` runs many more sequences (the soak/bench variant).
 */
import { createMemoryStorage } from '@simstream/client';
import { createMemoryServer, type SimulationRuntime, systemClock } from '@simstream/hub';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  openViewer,
  orderViolations,
  type Reference,
  referenceReducer,
  type Viewer,
} from './reference.js';

const SOAK = process.env.SIMSTREAM_SOAK === '1';
const EVENTS = 10_000;
const RUNS = SOAK ? 40 : 1;
const RETENTION = 300;
/** Smaller than an outage's worth of events, so long outages resync; larger than RETENTION. */
const LOG = 600;
const STEP_MS = 100;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** One thing that happens to the viewer's network or to the viewer. */
type Disturbance =
  | { kind: 'run'; ms: number }
  | { kind: 'dropFrames' | 'duplicateFrames'; n: number }
  | { kind: 'reorder'; ms: number; order: 'same' | 'reverse' }
  | { kind: 'cut' | 'reconnect' | 'reload' | 'shock' | 'answer' | 'checkpoint' }
  | { kind: 'pauseResume'; ms: number }
  | { kind: 'halfOpen' | 'outage' | 'hangSnapshots' | 'latency'; ms: number };

const ms = (min: number, max: number) => fc.integer({ min, max });
const bare = <K extends string>(kind: K) => fc.constant({ kind });

/** One arbitrary per kind of disturbance. */
const KINDS: fc.Arbitrary<Disturbance>[] = [
  fc.record({ kind: fc.constant('run' as const), ms: ms(100, 20_000) }),
  fc.record({ kind: fc.constant('dropFrames' as const), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('duplicateFrames' as const), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    kind: fc.constant('reorder' as const),
    ms: ms(100, 2_000),
    order: fc.constantFrom('same' as const, 'reverse' as const),
  }),
  bare('cut' as const),
  bare('reconnect' as const),
  bare('reload' as const),
  bare('shock' as const),
  bare('answer' as const),
  // Heal, catch up and compare now: right after a fault, not only thousands of events later.
  bare('checkpoint' as const),
  fc.record({ kind: fc.constant('pauseResume' as const), ms: ms(100, 5_000) }),
  fc.record({ kind: fc.constant('halfOpen' as const), ms: ms(200, 10_000) }),
  // Up to 2 min: 1,200 events, past the log of 600, so a long outage forces a resync.
  fc.record({ kind: fc.constant('outage' as const), ms: ms(200, 120_000) }),
  fc.record({ kind: fc.constant('hangSnapshots' as const), ms: ms(200, 30_000) }),
  fc.record({ kind: fc.constant('latency' as const), ms: ms(200, 10_000) }),
];

/** A plan: every kind at least once, plus more at random, in a random order. */
const plan: fc.Arbitrary<Disturbance[]> = fc
  .tuple(fc.tuple(...KINDS), fc.array(fc.oneof(...KINDS), { maxLength: 40 }))
  .chain(([each, extra]) => {
    const all = [...each, ...extra];
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  });

/**
 * Replays one reported failure: fast-check prints `{ seed, path }`; run again with
 * `SIMSTREAM_PROPERTY_SEED=<seed> SIMSTREAM_PROPERTY_PATH=<path>`.
 */
function replay(): { seed?: number; path?: string } {
  const seed = process.env.SIMSTREAM_PROPERTY_SEED;
  if (!seed) return {};
  return { seed: Number(seed), path: process.env.SIMSTREAM_PROPERTY_PATH };
}

/** The server, its simulation, and a `fetch` whose snapshot requests can be made to hang. */
function startWorld() {
  const server = createMemoryServer({ clock: systemClock, hub: { logCapacity: LOG } });
  const created = server.hub.create({
    id: 'sim',
    seed: 11,
    banks: 5,
    funds: 1,
    stepIntervalMs: STEP_MS,
    maxTimesteps: 1_000_000,
    // A decision pending most of the time, so pauses move deadlines and answers race them.
    decisionPolicy: { npaThreshold: 0, deadlineSteps: 40 },
  });
  if (!created.ok) throw new Error(created.error.message);
  const net = { hang: false };
  const fetch: typeof globalThis.fetch = (input, init) => {
    if (!net.hang || !String(input).endsWith('/snapshot')) return server.fetch(input, init);
    // A keep-alive connection that died silently: no answer, ever, until aborted.
    return new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
  };
  return { server, runtime: created.value, net, fetch };
}

type World = ReturnType<typeof startWorld>;

function viewerOf(world: World, storage = createMemoryStorage()): Viewer {
  return openViewer({
    url: 'http://sim.test',
    simulationId: 'sim',
    retention: RETENTION,
    transport: world.server.transport,
    fetch: world.fetch,
    storage,
    viewerId: 'property-viewer',
    reconnectAttempts: 1_000,
    reconnectDelayMs: 500,
    heartbeatIntervalMs: 2_000,
    heartbeatTimeoutMs: 1_000,
    requestTimeoutMs: 3_000,
    holdMs: 300,
  });
}

async function disturb(world: World, viewer: Viewer, d: Disturbance): Promise<Viewer> {
  const { faults } = world.server;
  switch (d.kind) {
    case 'run':
      await vi.advanceTimersByTimeAsync(d.ms);
      return viewer;
    case 'dropFrames':
      faults.dropFrames(d.n);
      return viewer;
    case 'duplicateFrames':
      faults.duplicateFrames(d.n);
      return viewer;
    case 'reorder': {
      const release = faults.holdFrames();
      await vi.advanceTimersByTimeAsync(d.ms);
      release(d.order);
      return viewer;
    }
    case 'cut':
      faults.drop();
      return viewer;
    case 'reconnect':
      viewer.client.disconnect();
      viewer.client.reconnect();
      return viewer;
    case 'reload': {
      // The page reloads: everything in memory is gone, the outbox's storage survives.
      viewer.close();
      return viewerOf(world, viewer.storage);
    }
    case 'pauseResume':
      // The operator pauses and resumes over REST: pending deadlines move.
      await viewer.client.control('sim', 'pause').catch(() => {});
      await vi.advanceTimersByTimeAsync(d.ms);
      await viewer.client.control('sim', 'resume').catch(() => {});
      return viewer;
    case 'checkpoint':
      return viewer; // compared by the property loop
    case 'answer': {
      // Through the outbox: resent after reconnects and reloads until the server acks it.
      const pending = viewer.caches().decisions?.findLast((r) => r.status === 'pending');
      if (pending) {
        viewer.client
          .answerDecision({
            simulationId: 'sim',
            decisionId: pending.decision_id,
            choice: 'alternative',
          })
          .catch(() => {});
      }
      return viewer;
    }
    case 'shock':
      await viewer.client
        .applyShock('sim', { shock_type: 'credit_loss', target: 'system', magnitude: 0.05 })
        .catch(() => {}); // refused while the network is bad: the user tries again later
      return viewer;
    case 'halfOpen':
      faults.halfOpen();
      await vi.advanceTimersByTimeAsync(d.ms);
      return viewer;
    case 'outage':
      faults.down();
      await vi.advanceTimersByTimeAsync(d.ms);
      faults.up();
      return viewer;
    case 'hangSnapshots':
      world.net.hang = true;
      await vi.advanceTimersByTimeAsync(d.ms);
      world.net.hang = false;
      return viewer;
    case 'latency':
      faults.delay(Math.min(d.ms, 2_000));
      await vi.advanceTimersByTimeAsync(d.ms);
      faults.delay(0);
      return viewer;
  }
}

/** Heal the network and give the viewer time to catch up (reconnect backoff, refetches). */
async function settle(world: World, runtime: SimulationRuntime, viewer: Viewer) {
  world.server.faults.up();
  world.server.faults.delay(0);
  world.net.hang = false;
  runtime.pause(); // a still stream, so "caught up" has one answer
  for (let i = 0; i < 60; i++) {
    await vi.advanceTimersByTimeAsync(1_000);
    const state = viewer.client.getSnapshot();
    if (
      state.connection.status === 'live' &&
      state.simulations.sim?.lastSeq === runtime.seq &&
      !viewer.queryClient.isFetching()
    )
      break;
  }
  await vi.advanceTimersByTimeAsync(1_000);
}

/** The viewer's caches against the reference, and the reference against the server's REST view. */
function expectCaught(world: World, reference: Reference, viewer: Viewer) {
  const expected = reference.caches();
  expect(expected.snapshot).toEqual(world.runtime.snapshot());
  expect(expected.decisions).toEqual(world.runtime.decisions());
  expect(viewer.caches()).toEqual(expected);
}

describe('fault suite: the client under random network faults', () => {
  it(
    `caches deep-equal the reference after ${EVENTS.toLocaleString('en')} events of random faults (${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(plan, async (steps) => {
          const world = startWorld();
          const reference = referenceReducer(world.runtime, RETENTION);
          let viewer = viewerOf(world);
          let violations = 0;
          try {
            await vi.advanceTimersByTimeAsync(1_000);
            for (let i = 0; world.runtime.seq < EVENTS; i++) {
              const d = steps[i % steps.length]!;
              const before = viewer;
              viewer = await disturb(world, viewer, d);
              if (viewer !== before) violations += orderViolations(before.seqs);
              if (d.kind === 'checkpoint') {
                await settle(world, world.runtime, viewer);
                expectCaught(world, reference, viewer);
                world.runtime.resume();
              }
              // Time always passes between two disturbances, so the stream moves on.
              await vi.advanceTimersByTimeAsync(500);
            }
            await settle(world, world.runtime, viewer);
            violations += orderViolations(viewer.seqs);
            expect(violations).toBe(0);
            expectCaught(world, reference, viewer);
            // A viewer loaded just now holds the same.
            const fresh = viewerOf(world);
            await vi.advanceTimersByTimeAsync(2_000);
            expect(fresh.caches()).toEqual(reference.caches());
            fresh.close();
          } finally {
            viewer.close();
            reference.stop();
            world.server.dispose();
          }
        }),
        { numRuns: RUNS, endOnFailure: true, ...replay() },
      );
    },
    SOAK ? 3_600_000 : 240_000,
  );
});
