import { RUNTIME_DEFAULTS } from '@simstream/hub';
import type { Envelope } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { record, waitFor } from '../serverTestkit.js';
import { inProcessClusterForFile, rest, type TestNode } from './clusterTestkit.js';
import { writeLongRun } from './longRunTestkit.js';
import type { RebuildReport } from './rebuild.js';
import { RedisRuntimeStore, type StoredCheckpoint, simulationKeys } from './runtimeStore.js';

const t = inProcessClusterForFile();

const SETTINGS = { ...RUNTIME_DEFAULTS, banks: 3, funds: 1, seed: 5, stepIntervalMs: 10 };
/** 1 s leases (renewed every third of it; a rebuild of 10,000 steps lasts many) and a checkpoint every 100 steps. */
const OWNER_ENV = { REDIS_LEASE_MS: '1000', REDIS_CHECKPOINT_STEPS: '100' };

const store = () => new RedisRuntimeStore(t.redis.client(), { logSize: 5_000 });

/** Every rebuild report of these nodes, in order, and the node that made it. */
function rebuildsOf(nodes: TestNode[]) {
  const seen: Array<{ node: string; report: RebuildReport | null }> = [];
  for (const node of nodes) {
    node.server.hub.onRebuild((_id, report) => seen.push({ node: node.name, report }));
  }
  return {
    started: () => seen.filter((r) => r.report === null),
    done: () => seen.flatMap((r) => (r.report ? [r.report] : [])),
  };
}

/** A viewer on `node` following `id` live from `sinceSeq`. */
async function follow(node: TestNode, id: string, sinceSeq: number, epoch: string) {
  const socket = await t.connect(node.url);
  const received = record(socket);
  const ack = await socket.timeout(10_000).emitWithAck('subscribe', {
    simulationId: id,
    sinceSeq,
    epoch,
  });
  expect(ack).toMatchObject({ ok: true, epoch, resync: false });
  return received;
}

/** The viewer saw every seq after `sinceSeq` once, in order, all of them as logged. */
async function expectExactly(received: ReturnType<typeof record>, id: string, sinceSeq: number) {
  const streamed: Envelope[] = received.batches.flatMap((batch) => batch.events);
  const seqs = streamed.map((event) => event.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => sinceSeq + 1 + i));
  expect(received.notices).toEqual([]);
  const logged = await store().replay(id, sinceSeq, seqs.length);
  expect(streamed).toEqual(logged.resync ? null : logged.events);
}

const checkpointCount = () => t.redis.client().xlen(simulationKeys('sim-long').checkpoints);
const fence = async (id: string) => Number(await t.redis.client().get(simulationKeys(id).fence));
const ownerOf = (nodes: TestNode[]) =>
  nodes.find((node) => node.server.hub.ownedIds().includes('sim-long'));
const timestepOn = (node: TestNode) => node.server.hub.get('sim-long')?.summary().timestep ?? 0;

/** Replace the kept checkpoints by these entries' fields, oldest first. */
async function replaceCheckpoints(...fields: Array<Record<string, string>>): Promise<void> {
  const key = simulationKeys('sim-long').checkpoints;
  await t.redis.client().del(key);
  for (const entry of fields)
    await t.redis.client().xadd(key, '*', ...Object.entries(entry).flat());
}

describe('takeovers of long runs', () => {
  it('rebuilds a 10,000-step run without blocking its node or losing its lease, then takes it over again from a checkpoint', async () => {
    const nodes = [await t.node('b', OWNER_ENV), await t.node('c', OWNER_ENV)];
    const rebuilds = rebuildsOf(nodes);
    // Ordering, not timing: what the event loop did while the first rebuild ran.
    const order: string[] = [];
    for (const node of nodes) {
      node.server.hub.onRebuild((_id, report) => {
        if (report) return order.push('rebuilt');
        setTimeout(() => order.push('timer'), 0);
        void rest(node.url, 'GET', '/api/v1/health').then(() => order.push('health answered'));
      });
    }
    const { epoch, seq, token } = await writeLongRun(store(), 'sim-long', SETTINGS, 10_000);

    await waitFor(() => rebuilds.done().length === 1, 120_000, 'the first takeover');
    expect(rebuilds.done()[0]).toMatchObject({ from: 'start', fromTimestep: 0, inputs: 10_001 });
    expect(order.indexOf('timer')).toBeLessThan(order.indexOf('rebuilt'));
    expect(order.indexOf('health answered')).toBeLessThan(order.indexOf('rebuilt'));
    expect(order.indexOf('timer')).toBeGreaterThanOrEqual(0);

    // A viewer on the other node, from the end of the written run (replayed, then live).
    const first = ownerOf(nodes)!;
    const other = nodes.find((node) => node !== first)!;
    const viewer = await follow(other, 'sim-long', seq, epoch);
    // The owner checkpoints as it goes (the first at once: 10,000 steps since the start),
    // and only the newest two are kept.
    await waitFor(() => timestepOn(first) > 10_250, 60_000, '250 live steps');
    expect(await checkpointCount()).toBe(2);
    // One takeover, one lease: the rebuild, many lease times long, renewed it throughout.
    expect(rebuilds.started()).toHaveLength(1);
    expect(await fence('sim-long')).toBe(token + 1);

    const atCrash = first.server.hub.get('sim-long')!.seq;
    await first.crash();
    await waitFor(() => rebuilds.done().length === 2, 60_000, 'the second takeover');
    const second = rebuilds.done()[1]!;
    expect(second).toMatchObject({ from: 'checkpoint', problems: [] });
    expect(second.fromTimestep).toBeGreaterThan(10_000);
    expect(second.inputs).toBeLessThan(400);
    await waitFor(() => viewer.seqs().at(-1)! > atCrash + 50, 60_000, 'it goes on');
    await expectExactly(viewer, 'sim-long', seq);
    expect((await store().meta('sim-long'))!.epoch).toBe(epoch);
  }, 300_000);

  it('passes over a corrupt checkpoint to an older one, and rebuilds from the start when none is usable', async () => {
    const nodes = [
      await t.node('b', OWNER_ENV),
      await t.node('c', OWNER_ENV),
      await t.node('d', OWNER_ENV),
    ];
    const rebuilds = rebuildsOf(nodes);
    const { epoch, seq } = await writeLongRun(store(), 'sim-long', SETTINGS, 1_000);
    await waitFor(() => rebuilds.done().length === 1, 60_000, 'the first takeover');

    /** Run 250 steps, pause (no more checkpoints), let `corrupt` spoil them, crash the owner. */
    const spoilAndCrash = async (corrupt: (kept: StoredCheckpoint[]) => Promise<void>) => {
      const owner = ownerOf(nodes)!;
      const from = timestepOn(owner);
      await rest(owner.url, 'POST', '/api/v1/simulations/sim-long/resume');
      await waitFor(() => timestepOn(owner) > from + 250, 60_000, '250 steps');
      expect((await rest(owner.url, 'POST', '/api/v1/simulations/sim-long/pause')).status).toBe(
        200,
      );
      const kept = await store().checkpoints('sim-long');
      expect(kept).toHaveLength(2);
      await corrupt(kept);
      await owner.crash();
      nodes.splice(nodes.indexOf(owner), 1);
      await waitFor(() => rebuilds.done().length === 4 - nodes.length, 60_000, 'a takeover');
      return rebuilds.done().at(-1)!;
    };

    // The newest checkpoint is cut short (not JSON): the older one is used.
    let older = '';
    const second = await spoilAndCrash(async ([newest, before]) => {
      older = before!.fields.seq!;
      await replaceCheckpoints(before!.fields, { ...newest!.fields, state: '{"v":1,' });
    });
    expect(second).toMatchObject({ from: 'checkpoint', fromSeq: Number(older) });
    expect(second.problems).toEqual([expect.stringMatching(/is not JSON/)]);

    // Both unusable: one fails its schema; the other restores an engine whose random stream
    // was moved — valid in form, caught by the log's tail. The rebuild starts over.
    const third = await spoilAndCrash(async ([newest, before]) => {
      const tampered = { ...before!.fields, state: moveRng(before!.fields.state!) };
      await replaceCheckpoints(tampered, { ...newest!.fields, seq: 'x' });
    });
    expect(third).toMatchObject({ from: 'start', fromTimestep: 0 });
    expect(third.problems).toHaveLength(2);
    expect(third.problems.join(' ')).toMatch(/seq: must be a whole number/);
    expect(third.problems.join(' ')).toMatch(/or with other events/);

    // The last node goes on with the same epoch: its viewers get the whole run since the
    // written part, gapless, as logged, and no resync.
    const [last] = nodes;
    await rest(last!.url, 'POST', '/api/v1/simulations/sim-long/resume');
    const viewer = await follow(last!, 'sim-long', seq, epoch);
    const atTakeover = last!.server.hub.get('sim-long')!.seq;
    await waitFor(() => (viewer.seqs().at(-1) ?? 0) > atTakeover + 30, 60_000, 'it goes on');
    await expectExactly(viewer, 'sim-long', seq);
  }, 300_000);
});

/** A checkpoint whose engine draws other random numbers from here on (still valid JSON and schema). */
function moveRng(state: string): string {
  const checkpoint = JSON.parse(state) as { engine: string };
  const engine = JSON.parse(checkpoint.engine) as { rng: number };
  engine.rng = (engine.rng + 12_345) >>> 0;
  return JSON.stringify({ ...checkpoint, engine: JSON.stringify(engine) });
}
