import { decode as vlqDecode, encode as vlqEncode } from 'vlq';
import {
  ASSET_CLASSES,
  type AssetAmounts,
  type EntityState,
  type SimulationSnapshot,
} from './domain.js';
import type { SimulationCompactData } from './events.js';

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

/** Fixed-point scale of money (2 decimals) and ratios (4 decimals), as the engine rounds them. */
const MONEY = 100;
const RATIO = 10_000;
/** Residuals beyond ±2^30 do not fit base64 VLQ's 32-bit integers: such cells go literally. */
const VLQ_LIMIT = 2 ** 30;

/** A dedicated column: how to read, write and predict one number of an entity. */
interface Column {
  name: string;
  scale: number;
  get(e: EntityState): number;
  set(e: EntityState, v: number): void;
  /** Predicted fixed-point integer of `cur`'s value; `cur` holds the columns before this one. */
  predict(prev: EntityState, cur: EntityState, prices: Prices): number;
}

interface Prices {
  prev: AssetAmounts;
  next: AssetAmounts;
}

const fixed = (v: number, scale: number): number => Math.round(v * scale);
const same = (prev: EntityState, col: Column): number => fixed(col.get(prev), col.scale);
/** Fixed-point change of a money amount. */
const moved = (prev: number, cur: number): number => fixed(cur, MONEY) - fixed(prev, MONEY);
const risky = (e: EntityState): number =>
  e.assets.real_estate + e.assets.equities + e.assets.corporate_loans;

/** An asset held at a price index moves with the price: value × new price / old price. */
const assetColumn = (c: (typeof ASSET_CLASSES)[number]): Column => ({
  name: c,
  scale: MONEY,
  get: (e) => e.assets[c],
  set: (e, v) => {
    e.assets[c] = v;
  },
  predict: (prev, _cur, p) => {
    const old = fixed(prev.assets[c], MONEY);
    return p.prev[c] === 0 ? old : Math.round((old * p.next[c]) / p.prev[c]);
  },
});

const plainColumn = (
  name: 'interbank_assets' | 'interbank_liabilities' | 'deposits' | 'npa_ratio',
): Column => ({
  name,
  scale: name === 'npa_ratio' ? RATIO : MONEY,
  get: (e) => e[name],
  set: (e, v) => {
    e[name] = v;
  },
  predict(prev) {
    return same(prev, this);
  },
});

/** The columns, in wire order. Predictions only make residuals small; exactness never rests on them. */
export const COMPACT_COLUMNS: readonly Column[] = [
  ...ASSET_CLASSES.map(assetColumn),
  plainColumn('interbank_assets'),
  plainColumn('interbank_liabilities'),
  plainColumn('deposits'),
  {
    // The balance-sheet identity (equity = assets − liabilities), in changes: zero when nothing moved.
    name: 'equity',
    scale: MONEY,
    get: (e) => e.equity,
    set: (e, v) => {
      e.equity = v;
    },
    predict: (prev, cur) =>
      fixed(prev.equity, MONEY) +
      ASSET_CLASSES.reduce((sum, c) => sum + moved(prev.assets[c], cur.assets[c]), 0) +
      moved(prev.interbank_assets, cur.interbank_assets) -
      moved(prev.interbank_liabilities, cur.interbank_liabilities) -
      moved(prev.deposits, cur.deposits),
  },
  {
    // equity / risk-weighted assets, with the risk-weighted assets implied by the previous
    // step moved by the change in risky (non-sovereign) assets.
    name: 'capital_ratio',
    scale: RATIO,
    get: (e) => e.capital_ratio,
    set: (e, v) => {
      e.capital_ratio = v;
    },
    predict(prev, cur) {
      const weighted = prev.equity / prev.capital_ratio + risky(cur) - risky(prev);
      const change = Math.round((cur.equity / weighted - prev.capital_ratio) * RATIO);
      const guess = fixed(prev.capital_ratio, RATIO) + change;
      return Number.isSafeInteger(guess) && weighted > 0 ? guess : same(prev, this);
    },
  },
  plainColumn('npa_ratio'),
];

const COLUMN_NAMES = new Set(['id', 'assets', ...COMPACT_COLUMNS.map((c) => c.name)]);
const OWN_FIELDS = new Set([
  'timestep',
  'status',
  'system_health',
  'alive_agents',
  'prices',
  'entities',
]);

/** The fixed-point integer of `v`, or null when `v` is not exactly that integer over `scale`. */
function exactFixed(v: number, scale: number): number | null {
  const k = fixed(v, scale);
  return k / scale === v && !Object.is(v, -0) ? k : null;
}

/**
 * Whether `JSON.stringify` writes `a` and `b` alike: same keys in the same order, same values.
 * Strict where JSON is lenient (an `undefined` member counts), so a "no" only costs a full step.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const key = ka[i]!;
    if (
      key !== kb[i] ||
      !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])
    )
      return false;
  }
  return true;
}

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
): SimulationCompactData | null {
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
  const data: SimulationCompactData = {
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
      ? { snapshot: snapshot as SimulationCompactData['snapshot'] }
      : {}),
  };
  // The guarantee is checked, not assumed: anything the format cannot carry exactly goes full.
  try {
    return sameJson(decodeCompactStep(base, data), next) ? data : null;
  } catch {
    return null;
  }
}

function decodeColumn(text: string, count: number, name: string, timestep: number): number[] {
  if (text === '') return new Array<number>(count).fill(0);
  const values = vlqDecode(text);
  if (values.length !== count) {
    throw new RangeError(
      `Compact step ${timestep} has ${values.length} values in column ${name} for ${count} entities; refetch the snapshot.`,
    );
  }
  return values;
}

function decodePrices(prev: AssetAmounts, data: SimulationCompactData): AssetAmounts {
  if (typeof data.prices !== 'string') return { ...data.prices };
  const deltas = decodeColumn(data.prices, ASSET_CLASSES.length, 'prices', data.timestep);
  const out = {} as AssetAmounts;
  ASSET_CLASSES.forEach((c, i) => {
    out[c] = (fixed(prev[c], RATIO) + deltas[i]!) / RATIO;
  });
  return out;
}

/**
 * Rebuild the snapshot a `simulation_compact` describes from the snapshot it is based on (the
 * previous step). Pure; keeps the base's key order, so the result serializes exactly as the
 * full step would. Throws a `RangeError` when the data does not fit the base (another
 * timestep, another number of entities) — a gap: refetch the snapshot.
 *
 * @example
 * current = decodeCompactStep(current, envelope.data);
 */
export function decodeCompactStep(
  base: SimulationSnapshot,
  data: SimulationCompactData,
): SimulationSnapshot {
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
