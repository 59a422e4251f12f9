import {
  type EntityState,
  type Envelope,
  entityStateSchema,
  type SimulationDeltaData,
  type SimulationSnapshot,
  type SnapshotResponse,
} from '@simstream/protocol';

/**
 * Rebuild the snapshot a `simulation_delta` describes from the snapshot it is based on.
 * Pure. Returns `null` when the delta does not fit (another base timestep, or a partial
 * change of an entity the snapshot lacks): the caller must refetch the snapshot rather
 * than show wrong numbers. (The client keeps its own copy so it never depends on the hub.)
 *
 * @example
 * const next = applyDelta(current, delta.data);
 * if (next === null) await resync();
 */
export function applyDelta(
  snapshot: SimulationSnapshot,
  delta: SimulationDeltaData,
): SimulationSnapshot | null {
  if (delta.base_timestep !== snapshot.timestep) return null;
  const changes = new Map(delta.changed.map((c) => [c.id, c]));
  const entities: EntityState[] = snapshot.entities.map((entity) => {
    const change = changes.get(entity.id);
    if (!change) return entity;
    changes.delete(entity.id);
    return { ...entity, ...change, assets: { ...(change.assets ?? entity.assets) } };
  });
  for (const change of changes.values()) {
    // The server sends an entity the base lacked whole; anything partial means a gap.
    const whole = entityStateSchema.safeParse(change);
    if (!whole.success) return null;
    entities.push(whole.data);
  }
  return {
    ...snapshot,
    timestep: delta.timestep,
    status: delta.status,
    system_health: delta.system_health,
    alive_agents: delta.alive_agents,
    prices: { ...delta.prices },
    entities,
  };
}

/** The result of folding one event into a snapshot. */
export type SnapshotStep = { ok: true; value: SnapshotResponse } | { ok: false; reason: string };

/**
 * Fold one in-order event into the `{ seq, snapshot }` a REST snapshot call would return at
 * that seq: steps replace it, deltas patch it, defaults mark the entity, status events set
 * the status. Other events only advance `seq`. Pure; unchanged parts keep their identity.
 *
 * @example
 * const step = reduceSnapshot(current, envelope);
 * if (step.ok) current = step.value; else resync(step.reason);
 */
export function reduceSnapshot(current: SnapshotResponse, event: Envelope): SnapshotStep {
  const seq = Math.max(current.seq, event.seq);
  const { epoch } = current; // events of one stream never change the epoch
  switch (event.type) {
    case 'simulation_step':
      return { ok: true, value: { seq, epoch, snapshot: event.data.snapshot } };
    case 'simulation_delta': {
      const next = applyDelta(current.snapshot, event.data);
      if (next === null) {
        return {
          ok: false,
          reason: `delta based on timestep ${event.data.base_timestep} does not fit the snapshot at timestep ${current.snapshot.timestep}`,
        };
      }
      return { ok: true, value: { seq, epoch, snapshot: next } };
    }
    case 'entity_default': {
      const { entity_id, timestep } = event.data;
      const entities = current.snapshot.entities.map((e) =>
        e.id === entity_id && (e.alive || e.defaulted_at === null)
          ? { ...e, alive: false, defaulted_at: e.defaulted_at ?? timestep }
          : e,
      );
      const changed = entities.some((e, i) => e !== current.snapshot.entities[i]);
      const snapshot = changed
        ? { ...current.snapshot, entities, alive_agents: entities.filter((e) => e.alive).length }
        : current.snapshot;
      return { ok: true, value: { seq, epoch, snapshot } };
    }
    case 'simulation_status':
      return {
        ok: true,
        value: {
          seq,
          epoch,
          snapshot:
            current.snapshot.status === event.data.status
              ? current.snapshot
              : { ...current.snapshot, status: event.data.status },
        },
      };
    default:
      return {
        ok: true,
        value: seq === current.seq ? current : { seq, epoch, snapshot: current.snapshot },
      };
  }
}
