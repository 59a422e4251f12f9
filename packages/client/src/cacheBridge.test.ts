import {
  type DecisionRecord,
  type EngineEvent,
  type Exposure,
  type SnapshotResponse,
  type StepEncoding,
} from '@simstream/protocol';
import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectQueryCache } from './cacheBridge.js';
import { newestPending } from './decisionsList.js';
import { simulationQueries } from './queries.js';
import { decisionEvent, shockEvent, snapshotAt, stepEvent } from './testing/fixtures.js';
import { setup } from './testing/harness.js';
import { type HubServer, hubServer } from './testing/hubServer.js';
import type { FeedEvent } from './feed.js';
import { simulationKeys } from './queryKeys.js';

const eventsOf = (qc: QueryClient) => qc.getQueryData<FeedEvent[]>(simulationKeys.events('sim'));
const cachesOf = (qc: QueryClient) => ({
  snapshot: qc.getQueryData(simulationKeys.snapshot('sim')),
  events: qc.getQueryData(simulationKeys.events('sim')),
  decisions: qc.getQueryData(simulationKeys.decisions('sim')),
});
/** Whether any step in a list still carries a snapshot (or a delta's changes). */
const holdsStepPayload = (list: readonly FeedEvent[] | undefined) =>
  (list ?? []).some(
    (e) => e.type === 'simulation_step' && ('snapshot' in e.data || 'changed' in e.data),
  );

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A scheduler the test runs by hand: one `frame()` = one animation frame. */
function manualFrames() {
  let queued: (() => void) | null = null;
  return {
    scheduler: (flush: () => void) => {
      queued = flush;
      return () => {
        queued = null;
      };
    },
    frame: () => {
      const flush = queued;
      queued = null;
      flush?.();
    },
  };
}

async function live(
  retention = 5_000,
  { steps, server }: { steps?: StepEncoding; server?: HubServer } = {},
) {
  const harness = setup({}, server);
  const queryClient = new QueryClient();
  const frames = manualFrames();
  let commits = 0;
  const queries = simulationQueries(harness.client, queryClient, 'sim', retention);
  const stop = connectQueryCache(harness.client, queryClient, 'sim', {
    scheduler: frames.scheduler,
    eventRetention: retention,
    onCommit: () => commits++,
    ...(steps ? { steps } : {}),
  });
  await vi.advanceTimersByTimeAsync(0);
  // Observed, like a mounted component reading them.
  new QueryObserver(queryClient, queries.events()).subscribe(() => {});
  new QueryObserver(queryClient, queries.decisions()).subscribe(() => {});
  await vi.advanceTimersByTimeAsync(0);
  frames.frame();
  commits = 0;
  return { ...harness, queryClient, frames, stop, queries, commits: () => commits };
}

describe('query cache bridge', () => {
  it('lands all 2,000 events of one burst with one cache commit per frame', async () => {
    const { server, queryClient, frames, commits } = await live();
    const events = Array.from({ length: 2_000 }, (_, i) =>
      i % 2 === 0 ? stepEvent('sim', i / 2 + 1) : shockEvent(i),
    );
    // One frame per event, as a burst of separate socket messages.
    for (const event of events) server.publish('sim', [event]);
    expect(commits()).toBe(0);
    frames.frame();
    expect(commits()).toBe(1);
    const list = queryClient.getQueryData<FeedEvent[]>(simulationKeys.events('sim'))!;
    expect(list).toHaveLength(2_000);
    expect(list.map((e) => e.seq)).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
    // Compact steps by default; the list keeps steps as summaries, never their payload.
    expect(server.emitted.find((e) => e.event === 'subscribe')?.payload).toMatchObject({
      steps: 'compact',
    });
    expect(list[2]!.type).toBe('simulation_step');
    expect(holdsStepPayload(list)).toBe(false);
    expect(queryClient.getQueryData<SnapshotResponse>(simulationKeys.snapshot('sim'))).toEqual({
      seq: 2_000,
      epoch: server.epochOf('sim'),
      snapshot: snapshotAt('sim', 1_000),
    });
    frames.frame();
    expect(commits()).toBe(1); // nothing new, no commit
  });

  it('caps the events list at the retention', async () => {
    const { server, queryClient, frames } = await live(100);
    for (let t = 1; t <= 250; t++) server.publish('sim', [stepEvent('sim', t)]);
    frames.frame();
    const list = queryClient.getQueryData<FeedEvent[]>(simulationKeys.events('sim'))!;
    expect(list.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 151));
  });

  it('adds pending decisions, resolves them, and marks defaulted entities', async () => {
    const { server, queryClient, frames } = await live();
    await queryClient.fetchQuery({
      queryKey: simulationKeys.entity('sim', 'BANK_002'),
      queryFn: async () => null,
    });
    server.publish('sim', [
      decisionEvent('d1', 1),
      { type: 'entity_default', data: { entity_id: 'BANK_002', entity_type: 'bank', timestep: 1 } },
      {
        type: 'decision_resolved',
        data: {
          decision_id: 'd1',
          choice: 'alternative',
          resolved_by: 'answer',
          answered_by: 'viewer-2',
          timestep: 1,
        },
      },
    ]);
    frames.frame();
    const decisions = queryClient.getQueryData<DecisionRecord[]>(simulationKeys.decisions('sim'))!;
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      decision_id: 'd1',
      status: 'resolved',
      resolution: { choice: 'alternative', answered_by: 'viewer-2' },
    });
    const snapshot = queryClient.getQueryData<SnapshotResponse>(simulationKeys.snapshot('sim'))!;
    expect(snapshot.snapshot.entities.find((e) => e.id === 'BANK_002')).toMatchObject({
      alive: false,
      defaulted_at: 1,
    });
    expect(queryClient.getQueryData(simulationKeys.entity('sim', 'BANK_002'))).toMatchObject({
      alive: false,
    });
  });

  it('after a resync refetches events and decisions once, never per event', async () => {
    const { server, queryClient, frames, client } = await live(5_000, {
      server: hubServer({ logCapacity: 2 }),
    });
    server.drop();
    for (let t = 1; t <= 10; t++) server.publish('sim', [stepEvent('sim', t)]);
    const before = server.restCalls.length;
    await vi.advanceTimersByTimeAsync(3_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getSnapshot().simulations.sim?.lastRecovery).toMatchObject({ kind: 'resynced' });
    frames.frame();
    await vi.advanceTimersByTimeAsync(0);
    const calls = server.restCalls.slice(before).map((p) => p.split('/').pop());
    // One refetch of each query. The events query may page back through the server's small
    // log (it answers resync for a window older than the log), but it is one query run.
    expect([...new Set(calls)].sort()).toEqual(['decisions', 'events', 'snapshot']);
    expect(calls.filter((c) => c !== 'events').sort()).toEqual(['decisions', 'snapshot']);
    for (let t = 11; t <= 20; t++) server.publish('sim', [stepEvent('sim', t)]);
    frames.frame();
    expect(server.restCalls.length - before).toBe(calls.length);
    expect(queryClient.getQueryData<SnapshotResponse>(simulationKeys.snapshot('sim'))?.seq).toBe(
      20,
    );
    expect(
      queryClient.getQueryData<FeedEvent[]>(simulationKeys.events('sim'))?.map((e) => e.seq),
    ).toEqual([9, 10, ...Array.from({ length: 10 }, (_, i) => i + 11)]);
  });

  it.each([
    ['the server answers resync to our old epoch', true],
    ['only the ack carries the new epoch', false],
  ])(
    'a restarted server whose seq passed ours is detected by its epoch (%s): one refetch, caches of a fresh client',
    async (_how, checksEpoch) => {
      const { server, queryClient, frames, client } = await live();
      if (!checksEpoch) server.ignoreEpochs();
      for (let t = 1; t <= 3; t++) server.publish('sim', [stepEvent('sim', t)]);
      frames.frame();
      const oldEpoch = server.epochOf('sim');
      server.drop();
      // The new server life runs further than the old one did before the client is back.
      server.createSimulation('sim', snapshotAt('sim', 0, 4));
      server.publish('sim', [decisionEvent('d-new', 0)]);
      for (let t = 1; t <= 9; t++) server.publish('sim', [stepEvent('sim', t, 4), shockEvent(t)]);
      expect(server.epochOf('sim')).not.toBe(oldEpoch);
      const before = server.restCalls.length;
      await vi.advanceTimersByTimeAsync(3_000);
      await vi.advanceTimersByTimeAsync(0);
      frames.frame();
      await vi.advanceTimersByTimeAsync(0);
      frames.frame();

      const resubscribe = server.emitted.filter((e) => e.event === 'subscribe').at(-2)?.payload;
      expect(resubscribe).toMatchObject({ sinceSeq: 3, epoch: oldEpoch });
      const state = client.getSnapshot().simulations.sim!;
      expect(state.lastRecovery).toMatchObject({ kind: 'resynced' });
      expect(state.epoch).toBe(server.epochOf('sim'));
      const calls = server.restCalls.slice(before).map((p) => p.split('/').pop());
      expect(calls.sort()).toEqual(['decisions', 'events', 'snapshot']);

      // A client that only ever knew the new server.
      const fresh = setup({}, server);
      const freshCache = new QueryClient();
      const freshFrames = manualFrames();
      connectQueryCache(fresh.client, freshCache, 'sim', { scheduler: freshFrames.scheduler });
      const freshQueries = simulationQueries(fresh.client, freshCache, 'sim');
      new QueryObserver(freshCache, freshQueries.events()).subscribe(() => {});
      new QueryObserver(freshCache, freshQueries.decisions()).subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      freshFrames.frame();
      server.publish('sim', [stepEvent('sim', 10, 4)]);
      frames.frame();
      freshFrames.frame();
      const caches = (qc: QueryClient) => ({
        snapshot: qc.getQueryData(simulationKeys.snapshot('sim')),
        events: qc.getQueryData(simulationKeys.events('sim')),
        decisions: qc.getQueryData(simulationKeys.decisions('sim')),
      });
      expect(caches(queryClient).snapshot).toMatchObject({
        seq: 20,
        snapshot: snapshotAt('sim', 10, 4),
      });
      expect((caches(queryClient).events as FeedEvent[]).map((e) => e.seq)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect(caches(queryClient)).toEqual(caches(freshCache));
    },
  );

  it('shares one bridge per simulation and QueryClient, and stops with the last', async () => {
    const { client, server, queryClient, frames, stop } = await live();
    const second = connectQueryCache(client, queryClient, 'sim');
    stop();
    server.publish('sim', [stepEvent('sim', 1)]);
    frames.frame();
    expect(queryClient.getQueryData<SnapshotResponse>(simulationKeys.snapshot('sim'))?.seq).toBe(1);
    second();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.getSnapshot().simulations.sim).toBeUndefined();
  });

  it('a snapshot that arrives late and newer than the events list still leaves no hole in the list', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { client, server } = setup({
      fetch: async (input, init) => {
        if (String(input).endsWith('/snapshot')) await gate; // taken late, after the events below
        return harnessServer.fetch(input, init);
      },
    });
    const harnessServer = server;
    const queryClient = new QueryClient();
    const frames = manualFrames();
    connectQueryCache(client, queryClient, 'sim', { scheduler: frames.scheduler });
    const queries = simulationQueries(client, queryClient, 'sim');
    new QueryObserver(queryClient, queries.events()).subscribe(() => {});
    new QueryObserver(queryClient, queries.decisions()).subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 1), decisionEvent('d1', 1), stepEvent('sim', 2)]);
    release();
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [stepEvent('sim', 3)]);
    frames.frame();
    await vi.advanceTimersByTimeAsync(0);
    frames.frame();
    expect(
      queryClient.getQueryData<FeedEvent[]>(simulationKeys.events('sim'))?.map((e) => e.seq),
    ).toEqual([1, 2, 3, 4]);
    expect(
      queryClient
        .getQueryData<DecisionRecord[]>(simulationKeys.decisions('sim'))
        ?.map((d) => d.decision_id),
    ).toEqual(['d1']);
    expect(queryClient.getQueryData<SnapshotResponse>(simulationKeys.snapshot('sim'))?.seq).toBe(4);
  });

  it('keeps no snapshots in the events cache: REST history and live steps in any encoding', async () => {
    for (const steps of ['full', 'delta', 'compact'] as const) {
      const server = hubServer();
      server.createSimulation('sim', snapshotAt('sim', 0));
      // History the events query loads over REST (full steps), then live steps.
      for (let t = 1; t <= 5; t++) server.publish('sim', [stepEvent('sim', t)]);
      const { queryClient, frames } = await live(5_000, { steps, server });
      for (let t = 6; t <= 30; t++) server.publish('sim', [stepEvent('sim', t), shockEvent(t)]);
      frames.frame();
      const list = eventsOf(queryClient)!;
      expect(list.map((e) => e.seq)).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
      expect(holdsStepPayload(list)).toBe(false);
      expect(list.filter((e) => e.type === 'simulation_step')).toHaveLength(30);
      expect(
        list.some(
          (e) => (e.type as string) !== 'simulation_step' && (e.type as string) !== 'shock_applied',
        ),
      ).toBe(false);
      expect(list.find((e) => e.seq === 12)).toEqual({
        v: 1,
        seq: 12,
        simulationId: 'sim',
        type: 'simulation_step',
        timestamp: server.memory.hub.get('sim')!.eventsSince(11, 1).events[0]!.timestamp,
        data: { timestep: 9, system_health: 0.9, alive_agents: 3 },
      });
      // The snapshot query holds the state the steps carried.
      expect(queryClient.getQueryData<SnapshotResponse>(simulationKeys.snapshot('sim'))).toEqual({
        seq: 55,
        epoch: server.epochOf('sim'),
        snapshot: snapshotAt('sim', 30),
      });
    }
  });

  it('clients on delta, compact and full steps and one that loaded late over REST end with deep-equal caches', async () => {
    const server = hubServer();
    server.createSimulation('sim', snapshotAt('sim', 0));
    const delta = await live(5_000, { steps: 'delta', server });
    const compact = await live(5_000, { steps: 'compact', server });
    const full = await live(5_000, { steps: 'full', server });
    // What each socket actually received.
    const received = (c: typeof delta) => {
      const types = new Set<string>();
      c.client.watch('sim', {
        onEvents: (events) => {
          for (const e of events) {
            types.add(e.type);
            // A keyframe that took the entities and network from the snapshot the viewer held.
            if (
              e.type === 'simulation_compact' &&
              'keyframe' in e.data &&
              e.data.keyframe.same_entities
            )
              types.add('shared keyframe');
          }
        },
      });
      return types;
    };
    const deltaTypes = received(delta);
    const compactTypes = received(compact);
    const fullTypes = received(full);
    let lateTypes = new Set<string>();
    const stream = (from: number, to: number) => {
      for (let t = from; t <= to; t++) {
        const events: EngineEvent[] = [stepEvent('sim', t)];
        if (t % 4 === 0) events.push(shockEvent(t));
        if (t === 7) events.push(decisionEvent('d1', t));
        if (t === 13) events.push(decisionEvent('d2', t));
        if (t === 15) {
          events.push({
            type: 'decision_resolved',
            data: {
              decision_id: 'd1',
              choice: 'alternative',
              resolved_by: 'answer',
              answered_by: 'viewer-2',
              timestep: t,
            },
          });
        }
        server.publish('sim', events);
      }
    };
    stream(1, 24);
    // Joins mid-stream: its events and decisions come from REST (full steps) plus live compact steps.
    const late = await live(5_000, { server });
    lateTypes = received(late);
    stream(25, 33);
    for (const c of [delta, compact, full, late]) c.frames.frame();

    expect(deltaTypes.has('simulation_delta')).toBe(true);
    expect(compactTypes.has('simulation_compact')).toBe(true);
    expect(compactTypes.has('simulation_delta')).toBe(false);
    // The keyframes at 10, 20 and 30 left out what the viewers held, the late one's included.
    expect(compactTypes.has('shared keyframe')).toBe(true);
    expect(lateTypes.has('shared keyframe')).toBe(true);
    expect(fullTypes.has('simulation_delta')).toBe(false);
    expect(fullTypes.has('simulation_compact')).toBe(false);
    expect(fullTypes.has('simulation_step')).toBe(true);
    const expected = cachesOf(full.queryClient);
    expect(expected.snapshot).toMatchObject({ snapshot: snapshotAt('sim', 33) });
    expect((expected.events as FeedEvent[]).at(-1)?.seq).toBe(server.seqOf('sim'));
    expect(expected.decisions).toMatchObject([
      { decision_id: 'd1', status: 'resolved' },
      { decision_id: 'd2', status: 'pending' },
    ]);
    expect(cachesOf(delta.queryClient)).toEqual(expected);
    expect(cachesOf(compact.queryClient)).toEqual(expected);
    expect(cachesOf(late.queryClient)).toEqual(expected);
  });

  it("a client that watched across a reset holds only the new run's events and decisions, like a fresh one", async () => {
    const server = hubServer();
    server.createSimulation('sim', snapshotAt('sim', 0));
    const watcher = await live(5_000, { server });
    const resolve = (id: string, t: number): EngineEvent => ({
      type: 'decision_resolved',
      data: {
        decision_id: id,
        choice: 'recommended',
        resolved_by: 'deadline',
        answered_by: null,
        timestep: t,
      },
    });
    server.publish('sim', [stepEvent('sim', 1), decisionEvent('run1-d1', 1)]);
    server.publish('sim', [stepEvent('sim', 2), resolve('run1-d1', 2)]);
    // Left pending when the run ends: the server forgets it without resolving it.
    server.publish('sim', [stepEvent('sim', 3), decisionEvent('run1-d2', 3)]);
    watcher.frames.frame();
    expect(
      newestPending(watcher.queryClient.getQueryData(simulationKeys.decisions('sim'))),
    ).toMatchObject({
      decision_id: 'run1-d2',
    });

    server.reset('sim', snapshotAt('sim', 0));
    watcher.frames.frame();
    // Nothing pending in the new run yet: the prompt must not show the old run's decision.
    expect(watcher.queryClient.getQueryData(simulationKeys.decisions('sim'))).toEqual([]);
    server.publish('sim', [stepEvent('sim', 1), decisionEvent('run2-d1', 1)]);
    watcher.frames.frame();

    const fresh = await live(5_000, { server });
    server.publish('sim', [stepEvent('sim', 2)]);
    for (const c of [watcher, fresh]) c.frames.frame();

    const expected = cachesOf(fresh.queryClient);
    expect(expected.decisions).toMatchObject([{ decision_id: 'run2-d1', status: 'pending' }]);
    // The feed holds the new run, from the reset's status on: no event of the first run.
    expect((expected.events as FeedEvent[]).map((e) => e.type)).toEqual([
      'simulation_status',
      'simulation_step',
      'simulation_step',
      'pending_decision',
      'simulation_step',
    ]);
    expect((expected.events as FeedEvent[])[0]).toMatchObject({ data: { reason: 'reset' } });
    expect(expected.decisions).toHaveLength(1);
    expect(cachesOf(watcher.queryClient)).toEqual(expected);
    expect(
      newestPending(watcher.queryClient.getQueryData(simulationKeys.decisions('sim')))?.decision_id,
    ).toBe('run2-d1');
  });

  it('keeps the exposure network query live: claims a step writes off, then the same list kept', async () => {
    const { server, queryClient, queries, frames } = await live();
    const network = () => queryClient.getQueryData<Exposure[]>(simulationKeys.network('sim'));
    new QueryObserver(queryClient, queries.network()).subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    const withClaims = (timestep: number, exposures: Exposure[]): EngineEvent => {
      const event = stepEvent('sim', timestep);
      if (event.type === 'simulation_step') event.data.snapshot.exposures = exposures;
      return event;
    };
    const open: Exposure[] = [
      { lender: 'BANK_001', borrower: 'BANK_002', amount: 12.5 },
      { lender: 'BANK_002', borrower: 'BANK_003', amount: 4 },
    ];
    server.publish('sim', [withClaims(1, open)]);
    await vi.advanceTimersByTimeAsync(0);
    frames.frame();
    expect(network()).toEqual(open);
    // A default writes a claim off: the network query shows it, as the snapshot does.
    const closed: Exposure[] = [
      open[0]!,
      { ...open[1]!, status: 'written_off', closed_at: 2, loss: 4 },
    ];
    server.publish('sim', [withClaims(2, closed)]);
    await vi.advanceTimersByTimeAsync(0);
    frames.frame();
    expect(network()).toEqual(closed);
    const snapshot = queryClient.getQueryData<SnapshotResponse>(simulationKeys.snapshot('sim'));
    expect(network()).toEqual(snapshot?.snapshot.exposures);
    // A step that closes nothing: the same list, so the network's observers do not re-render.
    const kept = network();
    server.publish('sim', [withClaims(3, closed)]);
    await vi.advanceTimersByTimeAsync(0);
    frames.frame();
    expect(
      queryClient.getQueryData<SnapshotResponse>(simulationKeys.snapshot('sim'))?.snapshot.timestep,
    ).toBe(3);
    expect(network()).toBe(kept);
  });
});
