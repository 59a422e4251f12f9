import * as v from 'valibot';
import {
  type AssetAmounts,
  type EntityChange,
  type EntityState,
  entityStateSchema,
  type SimulationSnapshot,
} from './domain.js';
import type { SimulationDeltaData } from './events.js';
import { applyExposures, diffExposures } from './exposureDelta.js';

type EntityKey = keyof EntityState;

function sameAssets(a: AssetAmounts, b: AssetAmounts): boolean {
  return (
    a.real_estate === b.real_estate &&
    a.equities === b.equities &&
    a.sovereign_bonds === b.sovereign_bonds &&
    a.corporate_loans === b.corporate_loans
  );
}

function sameField(key: EntityKey, a: EntityState, b: EntityState): boolean {
  if (key === 'assets') return sameAssets(a.assets, b.assets);
  return Object.is(a[key], b[key]);
}

/**
 * Field-level difference between two snapshots of the same simulation, as the data of a
 * `simulation_delta` (entities field by field, exposure-network claims whole when they changed). A field is included when `next` differs from `base` — or from any of
 * the `alsoAgainst` snapshots, so a client holding one of those (e.g. a REST snapshot taken
 * after a decision changed a balance sheet between two steps) also lands exactly on `next`.
 *
 * @example
 * const data = diffSnapshots(previousStep.snapshot, step.snapshot);
 * applyDelta(previousStep.snapshot, data); // deep-equals step.snapshot
 */
export function diffSnapshots(
  base: SimulationSnapshot,
  next: SimulationSnapshot,
  alsoAgainst: readonly SimulationSnapshot[] = [],
): SimulationDeltaData {
  const bases = [base, ...alsoAgainst].map((s) => new Map(s.entities.map((e) => [e.id, e])));
  const changed: EntityChange[] = [];
  for (const entity of next.entities) {
    const olds = bases.map((m) => m.get(entity.id));
    if (olds.some((o) => o === undefined)) {
      // An entity the base did not have: send it whole.
      changed.push({ ...entity, assets: { ...entity.assets } });
      continue;
    }
    const change: EntityChange = { id: entity.id };
    let any = false;
    for (const key of Object.keys(entity) as EntityKey[]) {
      if (key === 'id') continue;
      if (olds.every((o) => sameField(key, o as EntityState, entity))) continue;
      any = true;
      Object.assign(change, { [key]: key === 'assets' ? { ...entity.assets } : entity[key] });
    }
    if (any) changed.push(change);
  }
  const exposures = diffExposures(
    base.exposures,
    next.exposures,
    alsoAgainst.map((s) => s.exposures),
  );
  return {
    timestep: next.timestep,
    base_timestep: base.timestep,
    status: next.status,
    system_health: next.system_health,
    alive_agents: next.alive_agents,
    prices: { ...next.prices },
    changed,
    ...(exposures ? { exposures } : {}),
  };
}

/**
 * Rebuild the snapshot a `simulation_delta` describes from the snapshot it is based on.
 * Pure: returns a new snapshot and leaves `snapshot` untouched; unchanged entities keep their
 * identity. An entity the base lacked comes whole (as `diffSnapshots` sends it) and is added.
 * Throws a `RangeError` when the delta is based on another timestep or changes part of an
 * entity the snapshot lacks — both mean a gap, and the caller should refetch the snapshot
 * rather than show wrong numbers. The one implementation for hub, server, client and mock.
 *
 * @example
 * let current = keyframe.data.snapshot;
 * for (const e of events) {
 *   if (e.type === 'simulation_delta') current = applyDelta(current, e.data);
 *   if (e.type === 'simulation_step') current = e.data.snapshot;
 * }
 */
export function applyDelta(
  snapshot: SimulationSnapshot,
  delta: SimulationDeltaData,
): SimulationSnapshot {
  if (delta.base_timestep !== snapshot.timestep) {
    throw new RangeError(
      `Delta for timestep ${delta.timestep} is based on timestep ${delta.base_timestep}, but the snapshot is at ${snapshot.timestep}; refetch the snapshot.`,
    );
  }
  const changes = new Map(delta.changed.map((c) => [c.id, c]));
  const entities = snapshot.entities.map((entity) => {
    const change = changes.get(entity.id);
    if (!change) return entity;
    changes.delete(entity.id);
    const merged: EntityState = { ...entity, ...change };
    merged.assets = { ...(change.assets ?? entity.assets) };
    return merged;
  });
  const partial: string[] = [];
  for (const change of changes.values()) {
    const whole = v.safeParse(entityStateSchema, change);
    if (whole.success) entities.push(whole.output);
    else partial.push(change.id);
  }
  if (partial.length > 0) {
    throw new RangeError(
      `Delta for timestep ${delta.timestep} changes unknown entities (${partial.join(', ')}); refetch the snapshot.`,
    );
  }
  const exposures = applyExposures(snapshot.exposures, delta.exposures);
  return {
    ...snapshot,
    timestep: delta.timestep,
    status: delta.status,
    system_health: delta.system_health,
    alive_agents: delta.alive_agents,
    prices: { ...delta.prices },
    entities,
    ...(exposures ? { exposures } : {}),
  };
}
