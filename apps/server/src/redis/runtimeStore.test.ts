import type { DecisionAnswerAck, Envelope } from '@simstream/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestRedis, startRedis } from './redisTestkit.js';
import { RedisRuntimeStore, simulationKeys } from './runtimeStore.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
}, 60_000);
afterAll(() => redis?.stop());

const EPOCH = 'e'.repeat(32);

function envelope(simulationId: string, seq: number): Envelope {
  return {
    v: 1,
    seq,
    simulationId,
    type: 'simulation_status',
    timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    data: { status: 'running', reason: 'started', timestep: seq },
  } as Envelope;
}

const events = (id: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => envelope(id, from + i));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Redis runtime store (real redis-server)', () => {
  it('keeps one simulation in one hash slot', () => {
    const keys = Object.values(simulationKeys('sim-1'));
    expect(keys.every((key) => key.startsWith('{sim:sim-1}:'))).toBe(true);
  });

  it('fails over: a new owner after the lease expires goes on with the same epoch and the next seq; the deposed owner’s late write is refused', async () => {
    const store = new RedisRuntimeStore(redis.client(), { logSize: 100 });
    expect(await store.createSimulation('sim-f', { seed: 7 }, EPOCH)).toBe(true);
    expect(await store.createSimulation('sim-f', { seed: 8 }, 'x')).toBe(false);
    const a = await store.acquireLease('sim-f', 'node-a', 300);
    expect(a).not.toBeNull();
    expect(await store.acquireLease('sim-f', 'node-b', 300)).toBeNull();
    const written = await store.appendTick(a!, {
      inputs: [{ timestep: 1, kind: 'step' }],
      events: events('sim-f', 1, 3),
    });
    expect(written).toEqual({ ok: true, seq: 3 });
    expect(await store.renewLease(a!, 300)).toBe(true);

    await sleep(400); // node-a died: its lease runs out
    const b = await store.acquireLease('sim-f', 'node-b', 300);
    expect(b?.token).toBeGreaterThan(a!.token);
    const meta = await store.meta('sim-f');
    expect(meta).toMatchObject({ config: { seed: 7 }, epoch: EPOCH, seq: 3 });
    expect(
      await store.appendTick(b!, {
        inputs: [{ timestep: 2, kind: 'step' }],
        events: events('sim-f', meta!.seq + 1, meta!.seq + 1),
      }),
    ).toEqual({ ok: true, seq: 4 });

    // node-a wakes up and writes what it thinks is seq 4: fenced, nothing appended.
    expect(
      await store.appendTick(a!, {
        inputs: [{ timestep: 2, kind: 'shock' }],
        events: events('sim-f', 4, 4),
      }),
    ).toEqual({ ok: false, reason: 'fenced' });
    expect(await store.renewLease(a!, 300)).toBe(false);
    const replay = await store.replay('sim-f', 0);
    expect(replay.resync ? [] : replay.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect((await store.inputs('sim-f')).map((i) => i.kind)).toEqual(['step', 'step']);
  });

  it('keeps the event log gapless and trimmed, and replays in bounded pages or answers resync', async () => {
    const store = new RedisRuntimeStore(redis.client(), { logSize: 5 });
    await store.createSimulation('sim-t', {}, EPOCH);
    const lease = (await store.acquireLease('sim-t', 'node-a', 5_000))!;
    expect(await store.appendTick(lease, { inputs: [], events: events('sim-t', 2, 2) })).toEqual({
      ok: false,
      reason: 'gap',
    });
    for (let seq = 1; seq <= 8; seq++) {
      await store.appendTick(lease, {
        inputs: [{ timestep: seq, kind: 'step' }],
        events: events('sim-t', seq, seq),
      });
    }
    expect(await store.replay('sim-t', 2)).toEqual({ resync: true });
    const page = await store.replay('sim-t', 3, 2);
    expect(page.resync ? null : page.events.map((e) => e.seq)).toEqual([4, 5]);
    const rest = await store.replay('sim-t', 5);
    expect(rest.resync ? null : rest.events).toEqual(events('sim-t', 6, 8));
    expect((await store.inputs('sim-t', 3)).map((i) => i.timestep)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(await store.releaseLease(lease)).toBe(true);
    expect(await store.acquireLease('sim-t', 'node-b', 1_000)).not.toBeNull();
  });
});

describe('the answers hash (real redis-server)', () => {
  const ack = (key: string) =>
    ({
      ok: true,
      status: 'accepted',
      decisionId: `d-${key}`,
      choice: 'recommended',
    }) as unknown as DecisionAnswerAck;

  it('keeps an answer’s ack as long as the event log keeps its write, then lets it go — the hash stays bounded', async () => {
    const store = new RedisRuntimeStore(redis.client(), { logSize: 20 });
    await store.createSimulation('sim-a', {}, EPOCH);
    const lease = (await store.acquireLease('sim-a', 'node-a', 5_000))!;
    // 300 ticks, each with one event and one decided answer (keys k1…k300).
    for (let seq = 1; seq <= 300; seq++) {
      await store.appendTick(lease, {
        inputs: [{ timestep: seq, kind: 'step' }],
        events: events('sim-a', seq, seq),
        answers: [[`k${seq}`, ack(`k${seq}`)]],
      });
    }
    // (A sweep step goes out on the store's connection before the next command: in order.)
    // Within the window (the last 20 events), a retry's key still finds the identical ack.
    for (let seq = 281; seq <= 300; seq++) {
      expect(await store.answer('sim-a', `k${seq}`)).toEqual(ack(`k${seq}`));
    }
    // Older ones are gone: the hash holds the window plus the writes since the last sweep step.
    expect(await store.answer('sim-a', 'k1')).toBeNull();
    expect(await store.answer('sim-a', 'k200')).toBeNull();
    const kept = await redis.client().hlen(simulationKeys('sim-a').answers);
    expect(kept).toBeGreaterThanOrEqual(20);
    expect(kept).toBeLessThanOrEqual(20 + 10);
  });

  it('keeps the first stored ack of a key (a later write with the same key changes nothing)', async () => {
    const store = new RedisRuntimeStore(redis.client(), { logSize: 20 });
    await store.createSimulation('sim-b', {}, EPOCH);
    const lease = (await store.acquireLease('sim-b', 'node-a', 5_000))!;
    await store.appendTick(lease, {
      inputs: [],
      events: events('sim-b', 1, 1),
      answers: [['k', ack('first')]],
    });
    await store.appendTick(lease, {
      inputs: [],
      events: events('sim-b', 2, 2),
      answers: [['k', ack('second')]],
    });
    expect(await store.answer('sim-b', 'k')).toEqual(ack('first'));
  });
});
