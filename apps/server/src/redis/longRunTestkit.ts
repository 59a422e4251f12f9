/**
 * A long run written into Redis fast, for takeover tests: the real owner logs one tick per
 * `stepIntervalMs` (10 ms at the fastest), so 10,000 steps would take minutes; this writes
 * the same records — the create as `RedisHub.create` writes it, then each step's input and
 * the events the real `OwnedSimulation` makes for it, in batches of fenced `appendTick`s —
 * as if the steps had been taken `stepIntervalMs` apart in the past. Not part of the server.
 */
import { newEpoch, type RuntimeDefaults } from '@simstream/hub';
import { createEngine } from '@simstream/simulation';
import { OwnedSimulation } from './ownedSimulation.js';
import type { RedisRuntimeStore, StoredInput } from './runtimeStore.js';

/** The node id the writer holds its lease as (`keepLease`: take it again under this id). */
export const LONG_RUN_WRITER = 'long-run-writer';

/**
 * Create simulation `id` with `settings` and log `steps` steps of it; the writer's lease is
 * released at the end (unless `keepLease`), so a node takes the simulation over (and rebuilds
 * it from the log). With `checkpointEvery` (a multiple of the 250-step batches), it also
 * writes the runtime's checkpoint with every such batch, as an owner does every
 * `REDIS_CHECKPOINT_STEPS`.
 *
 * @example
 * const { epoch } = await writeLongRun(store, 'sim-long', settings, 10_000);
 */
export async function writeLongRun(
  store: RedisRuntimeStore,
  id: string,
  settings: RuntimeDefaults,
  steps: number,
  options: { checkpointEvery?: number; keepLease?: boolean } = {},
): Promise<{ epoch: string; seq: number; token: number }> {
  const checkpointEvery = options.checkpointEvery ?? 0;
  const lease = await store.acquireLease(id, LONG_RUN_WRITER, 120_000);
  if (!lease) throw new Error(`${id} has an owner already`);
  const startAt = Date.now() - (steps + 1) * settings.stepIntervalMs;
  const record = { id, settings, epoch: newEpoch(), createdAt: new Date(startAt).toISOString() };
  const owned = new OwnedSimulation({
    store,
    lease,
    record,
    createEngine: (config) => createEngine(config),
    keyframeInterval: 10,
    onDeposed: () => {},
  });
  const create = { kind: 'create' as const, timestep: 0, at: startAt };
  const start = owned.driver.snapshot().snapshot;
  await store.createSimulation(id, settings, record.epoch, {
    createdAt: record.createdAt,
    start,
    input: create,
  });
  for (let done = 0; done < steps; ) {
    const inputs: StoredInput[] = [];
    const events = [];
    for (const end = Math.min(steps, done + 250); done < end; done += 1) {
      const timestep = owned.driver.summary().timestep;
      const input: StoredInput = {
        kind: 'step',
        timestep,
        at: startAt + (done + 1) * settings.stepIntervalMs,
      };
      events.push(...owned.replayInput(input));
      inputs.push(input);
    }
    const taken = checkpointEvery > 0 && done % checkpointEvery === 0 && owned.driver.checkpoint();
    const timestep = owned.driver.summary().timestep;
    const checkpoint = taken ? { state: JSON.stringify(taken), timestep } : undefined;
    const written = await store.appendTick(lease, {
      inputs,
      events,
      ...(checkpoint ? { checkpoint } : {}),
    });
    if (!written.ok) throw new Error(`writing the long run was refused (${written.reason})`);
  }
  const seq = owned.driver.seq;
  owned.depose('written');
  if (!options.keepLease) await store.releaseLease(lease);
  return { epoch: record.epoch, seq, token: lease.token };
}
