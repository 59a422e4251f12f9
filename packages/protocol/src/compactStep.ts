import { encode as vlqEncode } from 'vlq';
import {
  ASSET_CLASSES,
  type AssetAmounts,
  type EntityState,
  type SimulationSnapshot,
} from './domain.js';
import { COMPACT_COLUMNS } from './compactColumns.js';
import { decodeCompactKeyframe } from './compactKeyframe.js';
import type { CompactStepData, SimulationCompactData } from './events.js';
import { RATIO, VLQ_LIMIT, decodeColumn, exactFixed, fixed, sameJson } from './fixedPoint.js';

/**
 * The compact step encoding (`steps: 'compact'`, event `simulation_compact`). The format is
 * specified in the protocol README; in short: every number of the snapshot's fixed-point
 * columns travels as the integer difference between its value (in cents of a million, or
 * 1/10,000 for ratios) and a prediction both sides compute from what they already have,
 * packed as base64 VLQ (the source-map integer code), one string per column with the
 * entities in the base snapshot's order. Everything else that changed travels as itself.
 * Lossless: the encoder rebuilds the step it made and gives up (null, send the full step)
 * unless the rebuilt snapshot serializes to exactly the same JSON.
 */

const COLUMN_NAMES = new Set(['id', 'assets', ...COMPACT_COLUMNS.map((c) => c.name)]);
const OWN_FIELDS = new Set([
  'timestep',
  'status',
  'system_health',
  'alive_agents',
  'prices',
  'entities',
]);

function encodePrices(prev: AssetAmounts, next: AssetAmounts): string | null {
  const deltas: number[] = [];
  for (const c of ASSET_CLASSES) {
    const k = exactFixed(next[c], RATIO);
    const d = k === null ? null : k - fixed(prev[c], RATIO);
    if (d === null || Math.abs(d) >= VLQ_LIMIT) return null;
    deltas.push(d);
  }
  return vlqEncode(deltas);
}

/** Residuals of every column, plus the cells that must go literally. */
function encodeColumns(base: SimulationSnapshot, next: SimulationSnapshot) {
  const prices = { prev: base.prices, next: next.prices };
  const columns = COMPACT_COLUMNS.map(() => [] as number[]);
  const literals: Array<[number, number, number]> = [];
  next.entities.forEach((cur, i) => {
    const prev = base.entities[i]!;
    COMPACT_COLUMNS.forEach((col, c) => {
      const k = exactFixed(col.get(cur), col.scale);
      const residual = k === null ? null : k - col.predict(prev, cur, prices);
      if (residual === null || !(Math.abs(residual) < VLQ_LIMIT)) {
        literals.push([c, i, col.get(cur)]);
        columns[c]!.push(0);
      } else columns[c]!.push(residual);
    });
  });
  return {
    columns: columns.map((values) => (values.every((v) => v === 0) ? '' : vlqEncode(values))),
    literals,
  };
}

/** Entity fields without a column (alive, defaulted_at, name, fields added later) that changed. */
function changedFields(
  base: SimulationSnapshot,
  next: SimulationSnapshot,
): Array<[number, Partial<EntityState>]> {
  const out: Array<[number, Partial<EntityState>]> = [];
  next.entities.forEach((cur, i) => {
    const prev = base.entities[i] as Record<string, unknown>;
    const changes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(cur)) {
      if (!COLUMN_NAMES.has(key) && !sameJson(value, prev[key])) changes[key] = value;
    }
    if (Object.keys(changes).length > 0) out.push([i, changes as Partial<EntityState>]);
  });
  return out;
}

/** Snapshot fields without a dedicated place (e.g. `simulation_id`, or fields added later) that changed. */
function changedSnapshotFields(
  base: SimulationSnapshot,
  next: SimulationSnapshot,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const prev = base as Record<string, unknown>;
  for (const [key, value] of Object.entries(next)) {
    if (!OWN_FIELDS.has(key) && !sameJson(value, prev[key])) out[key] = value;
  }
  return out;
}

/**
 * Encode `next` relative to `base` (the previous step) as `simulation_compact` data, or null
 * when it cannot be rebuilt byte for byte from `base` (other entities or order, a field that
 * disappeared): then the full step goes instead.
 *
 * @example
 * const data = encodeCompactStep(previous.snapshot, step.snapshot);
 * if (data) JSON.stringify(decodeCompactStep(previous.snapshot, data)) === JSON.stringify(step.snapshot); // true
 */
export function encodeCompactStep(
  base: SimulationSnapshot,
  next: SimulationSnapshot,
): CompactStepData | null {
  if (
    base.entities.length !== next.entities.length ||
    next.entities.some((e, i) => e.id !== base.entities[i]!.id)
  ) {
    return null;
  }
  const prices = encodePrices(base.prices, next.prices);
  const { columns, literals } = encodeColumns(base, next);
  const fields = changedFields(base, next);
  const snapshot = changedSnapshotFields(base, next);
  const data: CompactStepData = {
    timestep: next.timestep,
    base_timestep: base.timestep,
    status: next.status,
    system_health: next.system_health,
    alive_agents: next.alive_agents,
    prices: prices ?? { ...next.prices },
    columns,
    ...(literals.length > 0 ? { literals } : {}),
    ...(fields.length > 0 ? { fields } : {}),
    ...(Object.keys(snapshot).length > 0
      ? { snapshot: snapshot as CompactStepData['snapshot'] }
      : {}),
  };
  // The guarantee is checked, not assumed: anything the format cannot carry exactly goes full.
  try {
    return sameJson(decodeResiduals(base, data), next) ? data : null;
  } catch {
    return null;
  }
}

function decodePrices(prev: AssetAmounts, data: CompactStepData): AssetAmounts {
  if (typeof data.prices !== 'string') return { ...data.prices };
  const deltas = decodeColumn(data.prices, ASSET_CLASSES.length, 'prices', data.timestep);
  const out = {} as AssetAmounts;
  ASSET_CLASSES.forEach((c, i) => {
    out[c] = (fixed(prev[c], RATIO) + deltas[i]!) / RATIO;
  });
  return out;
}

/**
 * Rebuild the snapshot a `simulation_compact` describes: a keyframe from itself alone, a step
 * between keyframes from the snapshot it is based on (the previous step). Pure; keeps the
 * base's key order, so the result serializes exactly as the full step would. Throws a
 * `RangeError` when the data does not fit the base (another timestep, another number of
 * entities) — a gap: refetch the snapshot.
 *
 * @example
 * current = decodeCompactStep(current, envelope.data);
 */
export function decodeCompactStep(
  base: SimulationSnapshot,
  data: SimulationCompactData,
): SimulationSnapshot {
  return 'keyframe' in data ? decodeCompactKeyframe(data, base) : decodeResiduals(base, data);
}

function decodeResiduals(base: SimulationSnapshot, data: CompactStepData): SimulationSnapshot {
  if (data.base_timestep !== base.timestep) {
    throw new RangeError(
      `Compact step ${data.timestep} is based on timestep ${data.base_timestep}, but the snapshot is at ${base.timestep}; refetch the snapshot.`,
    );
  }
  const count = base.entities.length;
  const prices = { prev: base.prices, next: decodePrices(base.prices, data) };
  const residuals = COMPACT_COLUMNS.map((col, c) =>
    decodeColumn(data.columns[c] ?? '', count, col.name, data.timestep),
  );
  const literals = new Map((data.literals ?? []).map(([c, i, v]) => [c * count + i, v]));
  const fields = new Map(data.fields ?? []);
  const entities = base.entities.map((prev, i) => {
    const cur: EntityState = { ...prev, assets: { ...prev.assets } };
    const changed = fields.get(i);
    if (changed) Object.assign(cur, changed);
    for (let c = 0; c < COMPACT_COLUMNS.length; c++) {
      const col = COMPACT_COLUMNS[c]!;
      const literal = literals.size > 0 ? literals.get(c * count + i) : undefined;
      col.set(cur, literal ?? (col.predict(prev, cur, prices) + residuals[c]![i]!) / col.scale);
    }
    return cur;
  });
  return {
    ...base,
    timestep: data.timestep,
    status: data.status,
    system_health: data.system_health,
    alive_agents: data.alive_agents,
    prices: prices.next,
    entities,
    ...data.snapshot,
  };
}
