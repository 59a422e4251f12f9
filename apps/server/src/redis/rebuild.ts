import type { RuntimeDefaults } from '@simstream/hub';
import type { Envelope } from '@simstream/protocol';
import { OwnedSimulation, type OwnerDeps, type SimulationRecord } from './ownedSimulation.js';
import type { StoredMeta } from './runtimeStore.js';

/** How many of the newest logged events a rebuild is checked against. */
export const TAIL_CHECKED = 64;

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

/**
 * Take over a simulation: rebuild its engine from the input log (the engine is deterministic
 * and every input is replayed at its logged time, so the rebuilt events equal the logged ones,
 * timestamps included), check that the rebuilt stream ends exactly as the event log does —
 * same last seq, same newest `TAIL_CHECKED` events — and return the owner, not yet live. It
 * goes on with the same epoch and the next seq.
 *
 * @example
 * const owned = await rebuildOwned({ store, lease, createEngine, keyframeInterval, onDeposed }, meta);
 * owned.goLive();
 */
export async function rebuildOwned(
  deps: Omit<OwnerDeps, 'record'>,
  meta: StoredMeta,
): Promise<OwnedSimulation> {
  const { store, lease } = deps;
  const simulationId = lease.simulationId;
  const owned = new OwnedSimulation({ ...deps, record: recordOf(simulationId, meta) });
  const tailFrom = Math.max(0, meta.seq - TAIL_CHECKED);
  const rebuilt: Envelope[] = [];
  for (const input of await store.inputs(simulationId)) {
    for (const event of owned.replayInput(input)) if (event.seq > tailFrom) rebuilt.push(event);
  }
  const logged = await store.replay(simulationId, tailFrom, TAIL_CHECKED);
  const loggedEvents = logged.resync ? [] : logged.events;
  if (owned.driver.seq !== meta.seq || JSON.stringify(rebuilt) !== JSON.stringify(loggedEvents)) {
    owned.depose('rebuild mismatch');
    throw new RebuildMismatch(
      `Rebuilding ${simulationId} from its input log ended at seq ${owned.driver.seq}, the log at ${meta.seq}, or with other events.`,
    );
  }
  return owned;
}
