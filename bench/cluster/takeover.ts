/**
 * A takeover of a long run: the rebuild a new owner does before it goes on — from the newest
 * checkpoint and the inputs after it, against a replay of the whole input log (the same run,
 * its checkpoints removed). The run is written into the cluster's Redis with the real owner's
 * records (`longRunTestkit.ts`); both rebuilds run here, in the benchmark's process, through
 * the code a node runs (`rebuildOwned`), each under a lease of its own.
 */
import { createEngine } from '@simstream/simulation';
import { RUNTIME_DEFAULTS } from '@simstream/hub';
import { Redis } from 'ioredis';
import { median } from '../lib/stats.js';
import { LONG_RUN_WRITER, writeLongRun } from '../../apps/server/src/redis/longRunTestkit.js';
import { type RebuildReport, rebuildOwned } from '../../apps/server/src/redis/rebuild.js';
import { RedisRuntimeStore, simulationKeys } from '../../apps/server/src/redis/runtimeStore.js';

export interface TakeoverResult {
  steps: number;
  checkpointMs: number;
  fullMs: number;
  fromCheckpoint: RebuildReport;
  fromStart: RebuildReport;
}

/**
 * One rebuild of `id` as a node taking it over would do it; its time and report. The writer's
 * lease is kept throughout, so the cluster's nodes leave the run alone.
 */
async function timedRebuild(store: RedisRuntimeStore, id: string) {
  const lease = await store.acquireLease(id, LONG_RUN_WRITER, 600_000);
  if (!lease) throw new Error(`takeover: ${id} has an owner`);
  const meta = await store.meta(id);
  if (!meta) throw new Error(`takeover: ${id} is gone`);
  const started = performance.now();
  const { owned, report } = await rebuildOwned(
    {
      store,
      lease,
      createEngine: (config) => createEngine(config),
      keyframeInterval: 10,
      onDeposed: () => {},
    },
    meta,
  );
  const ms = performance.now() - started;
  owned.depose('measured');
  return { ms, report };
}

/** Rounds of the two rebuilds, alternated (the first of each also warms the code up). */
const ROUNDS = 3;

/**
 * Write a `steps`-step run (a checkpoint every 500 steps, as `REDIS_CHECKPOINT_STEPS`' default)
 * and time its rebuild from the newest checkpoint and from the start (its checkpoints moved
 * aside), alternately, `ROUNDS` times each: the medians. The run is removed.
 *
 * @example
 * const { checkpointMs, fullMs } = await measureTakeover(cluster.redis.url, 10_000);
 */
export async function measureTakeover(redisUrl: string, steps: number): Promise<TakeoverResult> {
  const redis = new Redis(redisUrl);
  const store = new RedisRuntimeStore(redis, { logSize: 5_000 });
  const id = 'bench-takeover';
  try {
    const settings = { ...RUNTIME_DEFAULTS, banks: 6, funds: 1, seed: 7, stepIntervalMs: 50 };
    await writeLongRun(store, id, settings, steps, { checkpointEvery: 500, keepLease: true });
    const key = simulationKeys(id).checkpoints;
    const checkpoint: Array<Awaited<ReturnType<typeof timedRebuild>>> = [];
    const full: typeof checkpoint = [];
    for (let round = 0; round < ROUNDS; round++) {
      checkpoint.push(await timedRebuild(store, id));
      await redis.rename(key, `${key}:aside`);
      full.push(await timedRebuild(store, id));
      await redis.rename(`${key}:aside`, key);
    }
    const [c, f] = [checkpoint[0]!.report, full[0]!.report];
    if (c.from !== 'checkpoint' || f.from !== 'start') {
      throw new Error(`takeover: rebuilt from ${c.from} and ${f.from}`);
    }
    return {
      steps,
      checkpointMs: median(checkpoint.map((r) => r.ms)),
      fullMs: median(full.map((r) => r.ms)),
      fromCheckpoint: c,
      fromStart: f,
    };
  } finally {
    await store.removeSimulation(id).catch(() => {});
    redis.disconnect();
  }
}
