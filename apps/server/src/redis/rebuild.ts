import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { RuntimeDefaults } from '@simstream/hub';
import type { Envelope } from '@simstream/protocol';
import { type UsableCheckpoint, usableCheckpoints } from './checkpoints.js';
import { OwnedSimulation, type OwnerDeps, type SimulationRecord } from './ownedSimulation.js';
import type { StoredMeta } from './runtimeStore.js';

/** How many of the newest logged events a rebuild is checked against. */
export const TAIL_CHECKED = 64;

/** Longest stretch of replay work between two turns of the event loop, ms. */
const SLICE_MS = 8;

/** What Redis says a simulation is (settings, epoch, creation time). */
export function recordOf(simulationId: string, meta: StoredMeta): SimulationRecord {
  return {
    id: simulationId,
    settings: meta.config as RuntimeDefaults,
    epoch: meta.epoch,
    createdAt: meta.createdAt ?? new Date(0).toISOString(),
  };
}

/** Thrown when the rebuilt stream does not end where the log ends, or ends differently. */
export class RebuildMismatch extends Error {
  override name = 'RebuildMismatch';
}

/** Thrown when a rebuild was told to stop (its lease was lost, the node is stopping). */
export class RebuildAborted extends Error {
  override name = 'RebuildAborted';
}

/** How a takeover went: where it started from and what it replayed (logged, counted). */
export interface RebuildReport {
  simulationId: string;
  /** The timestep the replay started from: a checkpoint's, or 0 for a replay from the start. */
  fromTimestep: number;
  fromSeq: number;
  /** Inputs replayed after the starting point. */
  inputs: number;
  from: 'checkpoint' | 'start';
  /** Why checkpoints were passed over (corrupt, unparsable, not matching the log). */
  problems: string[];
}

export interface RebuildOptions {
  /** Asked between slices: true stops the rebuild (`RebuildAborted`). */
  shouldStop?: () => boolean;
}

/**
 * Take over a simulation: rebuild its engine from the newest usable checkpoint and the inputs
 * logged after it — or from the whole input log when no checkpoint is usable (the engine is
 * deterministic and every input is replayed at its logged time, so the rebuilt events equal
 * the logged ones, timestamps included) — check that the rebuilt stream ends exactly as the
 * event log does (same last seq, same newest `TAIL_CHECKED` events), and return the owner,
 * not yet live. It goes on with the same epoch and the next seq. A checkpoint that fails to
 * restore or to match the log is reported and the next one (or the start) is tried. The
 * replay gives the event loop a turn every few ms, so the node keeps renewing its leases and
 * serving its connections however long the log.
 *
 * @example
 * const { owned, report } = await rebuildOwned({ store, lease, createEngine, keyframeInterval, onDeposed }, meta);
 * owned.goLive(); // report.from === 'checkpoint', report.fromTimestep === 9_500
 */
export async function rebuildOwned(
  deps: Omit<OwnerDeps, 'record'>,
  meta: StoredMeta,
  options: RebuildOptions = {},
): Promise<{ owned: OwnedSimulation; report: RebuildReport }> {
  const simulationId = deps.lease.simulationId;
  const found = await usableCheckpoints(deps.store, simulationId, meta.seq, TAIL_CHECKED);
  const problems = [...found.problems];
  for (const checkpoint of found.usable) {
    try {
      return await rebuildFrom(deps, meta, checkpoint, problems, options);
    } catch (error) {
      if (error instanceof RebuildAborted) throw error;
      problems.push(`Checkpoint at seq ${checkpoint.seq}: ${(error as Error).message}`);
    }
  }
  return rebuildFrom(deps, meta, null, problems, options);
}

async function rebuildFrom(
  deps: Omit<OwnerDeps, 'record'>,
  meta: StoredMeta,
  checkpoint: UsableCheckpoint | null,
  problems: string[],
  options: RebuildOptions,
): Promise<{ owned: OwnedSimulation; report: RebuildReport }> {
  const { store, lease } = deps;
  const simulationId = lease.simulationId;
  const record = recordOf(simulationId, meta);
  const owned = new OwnedSimulation({
    ...deps,
    record,
    ...(checkpoint ? { from: checkpoint.runtime } : {}),
  });
  const fromSeq = checkpoint?.seq ?? 0;
  const tailFrom = Math.max(fromSeq, meta.seq - TAIL_CHECKED);
  const rebuilt: Envelope[] = [];
  let inputs = 0;
  let slice = performance.now();
  try {
    for await (const page of store.inputPages(simulationId, checkpoint?.input ?? '-')) {
      for (const input of page) {
        for (const event of owned.replayInput(input)) if (event.seq > tailFrom) rebuilt.push(event);
        inputs += 1;
        if (performance.now() - slice < SLICE_MS) continue;
        await yieldToLoop();
        if (options.shouldStop?.()) throw new RebuildAborted(`Rebuild of ${simulationId} stopped.`);
        slice = performance.now();
      }
    }
    const logged = await store.replay(simulationId, tailFrom, TAIL_CHECKED);
    const loggedEvents = logged.resync ? [] : logged.events;
    if (owned.driver.seq !== meta.seq || JSON.stringify(rebuilt) !== JSON.stringify(loggedEvents)) {
      const start = checkpoint ? `its checkpoint at seq ${fromSeq}` : 'its input log';
      throw new RebuildMismatch(
        `Rebuilding ${simulationId} from ${start} ended at seq ${owned.driver.seq}, the log at ${meta.seq}, or with other events.`,
      );
    }
  } catch (error) {
    owned.depose(error instanceof RebuildAborted ? 'rebuild stopped' : 'rebuild mismatch');
    throw error;
  }
  const report: RebuildReport = {
    simulationId,
    fromTimestep: checkpoint?.timestep ?? 0,
    fromSeq,
    inputs,
    from: checkpoint ? 'checkpoint' : 'start',
    problems,
  };
  return { owned, report };
}
