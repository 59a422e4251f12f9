import type * as v from 'valibot';
import { encode as vlqEncode } from 'vlq';
import { COMPACT_COLUMNS } from './compactColumns.js';
import {
  ASSET_CLASSES,
  type AssetAmounts,
  ENTITY_TYPES,
  type EntityState,
  type SimulationSnapshot,
} from './domain.js';
import { decodeExposures, encodeExposures, fixedColumn, packed } from './compactExposures.js';
import {
  MONEY,
  RATIO,
  decodeColumn,
  exactFixed,
  fingerprint,
  fixed,
  sameJson,
} from './fixedPoint.js';
import type { compactKeyframeSchema } from './compactSchemas.js';
import type { SimulationCompactData } from './events.js';
import type { Exposure } from './domain.js';

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

/**
 * What names the run and its entities (simulation id, agent count, player, and the entities'
 * ids, types and names, in order): left out when the receiver has it.
 */
const identityOf = (s: SimulationSnapshot): string =>
  fingerprint(
    JSON.stringify([
      s.simulation_id,
      s.total_agents,
      s.player_entity_id,
      s.entities.map((e) => [e.id, e.type, e.name]),
    ]),
  );
/** The exposure network, whole: left out when the receiver has the same one. */
const exposuresOf = (snapshot: SimulationSnapshot): string =>
  fingerprint(JSON.stringify(snapshot.exposures ?? null));

function encodeEntities(snapshot: SimulationSnapshot, sameIdentity: string | null) {
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
    ...(sameIdentity === null
      ? {
          ids: entities.map((e) => e.id),
          names: entities.map((e) => e.name),
          types: packed(entities.map((e) => ENTITY_TYPES.indexOf(e.type))),
        }
      : { same_entities: sameIdentity }),
    dead: packed(entities.map((e) => (e.alive ? 0 : 1))),
    defaulted_at: packed(entities.map((e) => (e.defaulted_at === null ? 0 : e.defaulted_at + 1))),
    columns,
    ...(literals.length > 0 ? { literals } : {}),
  };
}

/**
 * The parts of `snapshot` every snapshot in `held` has too (a receiver holds one of them as
 * its base): their fingerprints, or null for a part that must travel.
 */
function sharedParts(snapshot: SimulationSnapshot, held: readonly SimulationSnapshot[]) {
  if (held.length === 0) return { identity: null, exposures: null };
  const identity = identityOf(snapshot);
  const exposures = snapshot.exposures ? exposuresOf(snapshot) : null;
  return {
    identity: held.every((h) => identityOf(h) === identity) ? identity : null,
    exposures:
      exposures !== null && held.every((h) => sameJson(h.exposures, snapshot.exposures))
        ? exposures
        : null,
  };
}

function encodePricesAbsolute(prices: AssetAmounts): string | AssetAmounts {
  const k = ASSET_CLASSES.map((c) => exactFixed(prices[c], RATIO));
  return k.some((v) => v === null) ? { ...prices } : vlqEncode(k as number[]);
}

/**
 * Encode a whole snapshot as a keyframe `simulation_compact`, or null when the format cannot
 * rebuild it byte for byte (a field it has no place for, a claim naming an unknown entity, an
 * entity type it does not know): then the full step goes instead. Parts that every snapshot
 * in `held` (the states a receiver may hold: the previous step's) has alike — the entities'
 * ids, types and names, the exposure network — are left out, named by a fingerprint the
 * decoder checks against its own base; with `held` empty the keyframe needs no base at all.
 *
 * @example
 * const data = encodeCompactKeyframe(step.snapshot, [previousStep.snapshot]);
 * if (data) JSON.stringify(decodeCompactKeyframe(data, previousStep.snapshot)) === JSON.stringify(step.snapshot); // true
 */
export function encodeCompactKeyframe(
  snapshot: SimulationSnapshot,
  held: readonly SimulationSnapshot[] = [],
): CompactKeyframeData | null {
  if (Object.keys(snapshot).some((key) => !SNAPSHOT_KEYS.includes(key))) return null;
  const ids = snapshot.entities.map((e) => e.id);
  const known = new Set(ids);
  const named = (e: Exposure) => known.has(e.lender) && known.has(e.borrower);
  if (snapshot.exposures && !snapshot.exposures.every(named)) return null;
  const shared = sharedParts(snapshot, held);
  let exposures = {};
  if (shared.exposures !== null) exposures = { same_exposures: shared.exposures };
  else if (snapshot.exposures) exposures = { exposures: encodeExposures(snapshot.exposures, ids) };
  const keyframe: CompactKeyframe = {
    ...(shared.identity === null
      ? {
          simulation_id: snapshot.simulation_id,
          total_agents: snapshot.total_agents,
          player_entity_id: snapshot.player_entity_id,
        }
      : {}),
    prices: encodePricesAbsolute(snapshot.prices),
    ...encodeEntities(snapshot, shared.identity),
    ...exposures,
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
    const bases = held.length > 0 ? held : [undefined];
    return bases.every((base) => sameJson(decodeCompactKeyframe(data, base), snapshot))
      ? data
      : null;
  } catch {
    return null;
  }
}

/** The base a keyframe takes a left-out part from, checked against the part's fingerprint. */
function heldBase(
  part: 'entities' | 'exposures',
  expected: string,
  base: SimulationSnapshot | undefined,
  timestep: number,
): SimulationSnapshot {
  const actual = base && (part === 'entities' ? identityOf(base) : exposuresOf(base));
  if (!base || actual !== expected) {
    throw new RangeError(
      `Keyframe ${timestep} takes its ${part} from the snapshot held, which has other ${part}; refetch the snapshot.`,
    );
  }
  return base;
}

function decodeEntities(
  k: CompactKeyframe,
  timestep: number,
  run: SimulationSnapshot | null,
): EntityState[] {
  const held = run?.entities ?? null;
  if (
    !held &&
    [k.ids, k.names, k.types, k.simulation_id, k.total_agents, k.player_entity_id].includes(
      undefined,
    )
  ) {
    throw new RangeError(`Keyframe ${timestep} has neither its entities nor same_entities.`);
  }
  const ids = held ? held.map((e) => e.id) : (k.ids ?? []);
  const names = held ? held.map((e) => e.name) : (k.names ?? []);
  const count = ids.length;
  const column = (text: string, name: string) => decodeColumn(text, count, name, timestep);
  const types = held
    ? held.map((e) => ENTITY_TYPES.indexOf(e.type))
    : column(k.types ?? '', 'types');
  const dead = column(k.dead, 'dead');
  const defaulted = column(k.defaulted_at, 'defaulted_at');
  const values = COMPACT_COLUMNS.map((col, c) => column(k.columns[c] ?? '', col.name));
  const literals = new Map((k.literals ?? []).map(([c, i, v]) => [c * count + i, v]));
  if (names.length !== count) {
    throw new RangeError(`Keyframe ${timestep} names ${names.length} of ${count} entities.`);
  }
  return ids.map((id, i) => {
    const type = ENTITY_TYPES[types[i]!];
    if (type === undefined) throw new RangeError(`Keyframe ${timestep}: unknown entity type.`);
    const entity = {
      id,
      type,
      name: names[i]!,
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

/**
 * Rebuild the snapshot of a keyframe `simulation_compact`: the headline fields as they came,
 * the rest from its columns, in the snapshot's own key order (so it serializes exactly as the
 * full step would). A base is needed only for the parts the keyframe left out
 * (`same_entities`, `same_exposures`), and any snapshot with those same parts will do. Throws
 * a `RangeError` when the columns do not fit together or the base lacks a left-out part.
 *
 * @example
 * const snapshot = decodeCompactKeyframe(envelope.data, current);
 */
export function decodeCompactKeyframe(
  head: CompactKeyframeData,
  base?: SimulationSnapshot,
): SimulationSnapshot {
  const { timestep, keyframe } = head;
  // The run's names (simulation, player, entities) as they came, or from the base that has them.
  const run =
    keyframe.same_entities === undefined
      ? null
      : heldBase('entities', keyframe.same_entities, base, timestep);
  let prices: AssetAmounts;
  if (typeof keyframe.prices === 'string') {
    const k = decodeColumn(keyframe.prices, ASSET_CLASSES.length, 'prices', timestep);
    prices = Object.fromEntries(ASSET_CLASSES.map((c, i) => [c, k[i]! / RATIO])) as AssetAmounts;
  } else prices = { ...keyframe.prices };
  const entities = decodeEntities(keyframe, timestep, run);
  const snapshot: SimulationSnapshot = {
    simulation_id: run?.simulation_id ?? keyframe.simulation_id ?? '',
    timestep,
    status: head.status,
    system_health: head.system_health,
    alive_agents: head.alive_agents,
    total_agents: run?.total_agents ?? keyframe.total_agents ?? 0,
    prices,
    player_entity_id: run?.player_entity_id ?? keyframe.player_entity_id ?? '',
    entities,
  };
  if (keyframe.same_exposures !== undefined) {
    const held = heldBase('exposures', keyframe.same_exposures, base, timestep).exposures;
    if (held) snapshot.exposures = held;
  } else if (keyframe.exposures) {
    const ids = snapshot.entities.map((e) => e.id);
    snapshot.exposures = decodeExposures(keyframe.exposures, ids, timestep);
  }
  return snapshot;
}
