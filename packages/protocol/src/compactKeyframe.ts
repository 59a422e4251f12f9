import type * as v from 'valibot';
import { encode as vlqEncode } from 'vlq';
import { COMPACT_COLUMNS } from './compactColumns.js';
import {
  ASSET_CLASSES,
  type AssetAmounts,
  ENTITY_TYPES,
  type EntityState,
  type Exposure,
  type SimulationSnapshot,
} from './domain.js';
import {
  MONEY,
  RATIO,
  VLQ_LIMIT,
  decodeColumn,
  exactFixed,
  fixed,
  sameJson,
} from './fixedPoint.js';
import type { compactKeyframeSchema } from './compactSchemas.js';
import type { SimulationCompactData } from './events.js';

/** The `keyframe` of a `simulation_compact`: a whole snapshot in columns (protocol README). */
export type CompactKeyframe = v.InferOutput<typeof compactKeyframeSchema>;
/** `simulation_compact` data of a keyframe: the headline numbers and the keyframe. */
export type CompactKeyframeData = Extract<SimulationCompactData, { keyframe: unknown }>;
type Literal = [number, number, number];

const SNAPSHOT_KEYS = [
  'simulation_id',
  'timestep',
  'status',
  'system_health',
  'alive_agents',
  'total_agents',
  'prices',
  'player_entity_id',
  'entities',
  'exposures',
];
const EQUITY = COMPACT_COLUMNS.findIndex((c) => c.name === 'equity');
const STATUSES = [undefined, 'settled', 'written_off'] as const;

/**
 * Equity is the balance sheet's remainder (assets − liabilities) in this model: in a keyframe
 * it travels as its difference from that sum, almost always zero. Every other column travels
 * as its own fixed-point value.
 */
function predictKeyframe(c: number, cur: EntityState): number {
  if (c !== EQUITY) return 0;
  const k = (v: number) => fixed(v, MONEY);
  let sum = k(cur.interbank_assets) - k(cur.interbank_liabilities) - k(cur.deposits);
  for (const a of ASSET_CLASSES) sum += k(cur.assets[a]);
  return sum;
}

/** VLQ of a column, '' when all zero (a column nobody needs costs nothing). */
const packed = (values: readonly number[]): string =>
  values.every((v) => v === 0) ? '' : vlqEncode(values);

/** Fixed-point cells of one number per row, or literals where a value is not exact. */
function fixedColumn(
  values: readonly number[],
  scale: number,
  literals: Literal[],
  column: number,
  predict: (row: number) => number = () => 0,
): string {
  const out = values.map((v, row) => {
    const k = exactFixed(v, scale);
    const residual = k === null ? null : k - predict(row);
    if (residual === null || !(Math.abs(residual) < VLQ_LIMIT)) {
      literals.push([column, row, v]);
      return 0;
    }
    return residual;
  });
  return packed(out);
}

function encodeEntities(snapshot: SimulationSnapshot) {
  const { entities } = snapshot;
  const literals: Literal[] = [];
  const columns = COMPACT_COLUMNS.map((col, c) =>
    fixedColumn(
      entities.map((e) => col.get(e)),
      col.scale,
      literals,
      c,
      (row) => predictKeyframe(c, entities[row]!),
    ),
  );
  return {
    ids: entities.map((e) => e.id),
    names: entities.map((e) => e.name),
    types: packed(entities.map((e) => ENTITY_TYPES.indexOf(e.type))),
    dead: packed(entities.map((e) => (e.alive ? 0 : 1))),
    defaulted_at: packed(entities.map((e) => (e.defaulted_at === null ? 0 : e.defaulted_at + 1))),
    columns,
    ...(literals.length > 0 ? { literals } : {}),
  };
}

function encodeExposures(exposures: readonly Exposure[], ids: readonly string[]) {
  const at = new Map(ids.map((id, i) => [id, i]));
  const literals: Literal[] = [];
  let previous = 0;
  const borrower = exposures.map((e) => {
    const i = at.get(e.borrower) ?? Number.NaN;
    const change = i - previous;
    previous = i;
    return change;
  });
  const encoded = {
    count: exposures.length,
    lender: packed(exposures.map((e) => at.get(e.lender) ?? Number.NaN)),
    borrower: packed(borrower),
    amount: fixedColumn(
      exposures.map((e) => e.amount),
      MONEY,
      literals,
      0,
    ),
    status: packed(exposures.map((e) => STATUSES.indexOf(e.status))),
    closed_at: packed(exposures.map((e) => (e.closed_at === undefined ? 0 : e.closed_at + 1))),
    // 0: no loss field (open claims); a loss of k cents is k + 1.
    loss: packed(
      exposures.map((e, row) => {
        if (e.loss === undefined) return 0;
        const k = exactFixed(e.loss, MONEY);
        if (k === null || k < 0) literals.push([1, row, e.loss]);
        return k === null || k < 0 ? 0 : k + 1;
      }),
    ),
    ...(literals.length > 0 ? { literals } : {}),
  };
  return encoded;
}

function encodePricesAbsolute(prices: AssetAmounts): string | AssetAmounts {
  const k = ASSET_CLASSES.map((c) => exactFixed(prices[c], RATIO));
  return k.some((v) => v === null) ? { ...prices } : vlqEncode(k as number[]);
}

/**
 * Encode a whole snapshot as a keyframe `simulation_compact` (no base needed), or null when
 * the format cannot rebuild it byte for byte (a field it has no place for, a claim naming an
 * unknown entity, an entity type it does not know): then the full step goes instead.
 *
 * @example
 * const data = encodeCompactKeyframe(step.snapshot);
 * if (data) JSON.stringify(decodeCompactKeyframe(data)) === JSON.stringify(step.snapshot); // true
 */
export function encodeCompactKeyframe(snapshot: SimulationSnapshot): CompactKeyframeData | null {
  if (Object.keys(snapshot).some((key) => !SNAPSHOT_KEYS.includes(key))) return null;
  const ids = new Set(snapshot.entities.map((e) => e.id));
  const named = (e: Exposure) => ids.has(e.lender) && ids.has(e.borrower);
  if (snapshot.exposures && !snapshot.exposures.every(named)) return null;
  const entities = encodeEntities(snapshot);
  const keyframe: CompactKeyframe = {
    simulation_id: snapshot.simulation_id,
    total_agents: snapshot.total_agents,
    player_entity_id: snapshot.player_entity_id,
    prices: encodePricesAbsolute(snapshot.prices),
    ...entities,
    ...(snapshot.exposures ? { exposures: encodeExposures(snapshot.exposures, entities.ids) } : {}),
  };
  const data: CompactKeyframeData = {
    timestep: snapshot.timestep,
    status: snapshot.status,
    system_health: snapshot.system_health,
    alive_agents: snapshot.alive_agents,
    keyframe,
  };
  // The guarantee is checked, not assumed: anything the format cannot carry exactly goes full.
  try {
    return sameJson(decodeCompactKeyframe(data), snapshot) ? data : null;
  } catch {
    return null;
  }
}

function decodeEntities(k: CompactKeyframe, timestep: number): EntityState[] {
  const count = k.ids.length;
  const column = (text: string, name: string) => decodeColumn(text, count, name, timestep);
  const types = column(k.types, 'types');
  const dead = column(k.dead, 'dead');
  const defaulted = column(k.defaulted_at, 'defaulted_at');
  const values = COMPACT_COLUMNS.map((col, c) => column(k.columns[c] ?? '', col.name));
  const literals = new Map((k.literals ?? []).map(([c, i, v]) => [c * count + i, v]));
  if (k.names.length !== count) {
    throw new RangeError(`Keyframe ${timestep} names ${k.names.length} of ${count} entities.`);
  }
  return k.ids.map((id, i) => {
    const type = ENTITY_TYPES[types[i]!];
    if (type === undefined) throw new RangeError(`Keyframe ${timestep}: unknown entity type.`);
    const entity = {
      id,
      type,
      name: k.names[i]!,
      alive: dead[i] === 0,
      defaulted_at: defaulted[i] === 0 ? null : defaulted[i]! - 1,
      assets: {} as AssetAmounts,
    } as EntityState;
    COMPACT_COLUMNS.forEach((col, c) => {
      const literal = literals.get(c * count + i);
      col.set(entity, literal ?? (predictKeyframe(c, entity) + values[c]![i]!) / col.scale);
    });
    return entity;
  });
}

function decodeExposures(
  x: NonNullable<CompactKeyframe['exposures']>,
  ids: readonly string[],
  timestep: number,
): Exposure[] {
  const column = (text: string, name: string) => decodeColumn(text, x.count, name, timestep);
  const lender = column(x.lender, 'lender');
  const borrower = column(x.borrower, 'borrower');
  const amount = column(x.amount, 'amount');
  const status = column(x.status, 'status');
  const closedAt = column(x.closed_at, 'closed_at');
  const loss = column(x.loss, 'loss');
  const literals = new Map((x.literals ?? []).map(([c, i, v]) => [c * x.count + i, v]));
  const id = (i: number) => {
    const found = ids[i];
    if (found === undefined)
      throw new RangeError(`Keyframe ${timestep}: a claim names entity ${i}.`);
    return found;
  };
  let b = 0;
  return lender.map((l, i) => {
    b += borrower[i]!;
    const exposure: Exposure = {
      lender: id(l),
      borrower: id(b),
      amount: literals.get(i) ?? amount[i]! / MONEY,
    };
    const closed = STATUSES[status[i]!];
    if (closed !== undefined) exposure.status = closed;
    if (closedAt[i] !== 0) exposure.closed_at = closedAt[i]! - 1;
    const lost = literals.get(x.count + i) ?? (loss[i] === 0 ? undefined : (loss[i]! - 1) / MONEY);
    if (lost !== undefined) exposure.loss = lost;
    return exposure;
  });
}

/**
 * Rebuild the snapshot of a keyframe `simulation_compact`: the headline fields as they came,
 * the rest from its columns, in the snapshot's own key order (so it serializes exactly as the
 * full step would). Needs no base. Throws a `RangeError` when the columns do not fit together.
 *
 * @example
 * const snapshot = decodeCompactKeyframe(envelope.data);
 */
export function decodeCompactKeyframe(head: CompactKeyframeData): SimulationSnapshot {
  const { timestep, keyframe } = head;
  let prices: AssetAmounts;
  if (typeof keyframe.prices === 'string') {
    const k = decodeColumn(keyframe.prices, ASSET_CLASSES.length, 'prices', timestep);
    prices = Object.fromEntries(ASSET_CLASSES.map((c, i) => [c, k[i]! / RATIO])) as AssetAmounts;
  } else prices = { ...keyframe.prices };
  const snapshot: SimulationSnapshot = {
    simulation_id: keyframe.simulation_id,
    timestep,
    status: head.status,
    system_health: head.system_health,
    alive_agents: head.alive_agents,
    total_agents: keyframe.total_agents,
    prices,
    player_entity_id: keyframe.player_entity_id,
    entities: decodeEntities(keyframe, timestep),
  };
  if (keyframe.exposures)
    snapshot.exposures = decodeExposures(keyframe.exposures, keyframe.ids, timestep);
  return snapshot;
}
