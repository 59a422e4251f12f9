import {
  exposureSchema,
  type Exposure,
  type PendingDecisionData,
  parseMessage,
  pendingDecisionDataSchema,
  type ShockInput,
  shockInputSchema,
} from '@simstream/protocol';
import * as v from 'valibot';
import type { EntityBook } from './balanceSheet.js';
import type { DecisionTrigger } from './decisions.js';
import type { RunState } from './decisionDesk.js';
import { FLOW_NAMES, type StepLedger } from './ledger.js';
import { type MarketState, zeroNetwork } from './market.js';
import type { EngineConfig } from './types.js';

/** Bumped whenever the state's shape changes: an older checkpoint is refused, not misread. */
export const ENGINE_STATE_VERSION = 1;

/** The decision desk between steps (its `Set` as a list). */
export interface DeskState {
  resolved: string[];
  coolDownUntil: Record<DecisionTrigger, number>;
  pending: { data: PendingDecisionData; trigger: DecisionTrigger; waited: number } | null;
  decisionCount: number;
}

/** Everything an engine holds between calls; with its config, it is the engine. */
export interface EngineState {
  v: typeof ENGINE_STATE_VERSION;
  /** Which engine it is, checked against the config it is restored with. */
  simulationId: string;
  seed: number;
  run: number;
  market: Omit<MarketState, 'owed' | 'interbankTotals'> & {
    /** The n × n network as [debtor, creditor, amount] triples of its entries other than +0. */
    owed: { n: number; entries: number[] };
  };
  rng: number;
  queued: ShockInput[];
  runState: RunState;
  ledger: { equityMark: number; last: StepLedger };
  desk: DeskState;
  claims: Exposure[];
}

/** Any number, -0, NaN and ±Infinity included (the codec below carries them exactly). */
const num = v.custom<number>((x) => typeof x === 'number', 'must be a number');
const amounts = v.object({
  real_estate: num,
  equities: num,
  sovereign_bonds: num,
  corporate_loans: num,
});
/** Every ledger flow by name (a missing one would turn into NaN in the next step). */
const flows = v.object(Object.fromEntries(FLOW_NAMES.map((name) => [name, num])));
const bookSchema = v.object({
  index: v.number(),
  id: v.string(),
  type: v.picklist(['bank', 'fund']),
  name: v.string(),
  alive: v.boolean(),
  defaultedAt: v.nullable(v.number()),
  qty: amounts,
  nplQty: num,
  deposits: num,
  initialAssets: num,
});
const trigger = v.picklist(['high_npa', 'low_capital']);

/** The state's shape, checked before a restore touches any of it. */
const engineStateSchema = v.object({
  v: v.literal(ENGINE_STATE_VERSION),
  simulationId: v.string(),
  seed: v.number(),
  run: v.number(),
  market: v.object({
    prices: amounts,
    books: v.array(bookSchema),
    owed: v.object({ n: v.number(), entries: v.array(num) }),
    sold: amounts,
    flows,
    fireSaleDiscount: amounts,
    estateBacklog: amounts,
    realEstateAnchor: num,
  }),
  rng: v.number(),
  queued: v.array(shockInputSchema),
  runState: v.object({
    timestep: v.number(),
    status: v.picklist(['running', 'paused', 'finished']),
    pausedBy: v.nullable(v.picklist(['operator', 'decision'])),
  }),
  ledger: v.object({
    equityMark: num,
    last: v.object({
      fromTimestep: v.number(),
      toTimestep: v.number(),
      equityBefore: num,
      equityAfter: num,
      flows,
    }),
  }),
  desk: v.object({
    resolved: v.array(v.string()),
    coolDownUntil: v.object({ high_npa: v.number(), low_capital: v.number() }),
    pending: v.nullable(v.object({ data: pendingDecisionDataSchema, trigger, waited: v.number() })),
    decisionCount: v.number(),
  }),
  claims: v.array(exposureSchema),
});

/** Thrown by `restoreEngine` for a state that is not an engine's, or not this config's. */
export class EngineStateError extends Error {
  override name = 'EngineStateError';
}

/**
 * JSON that carries every number exactly: JSON itself prints -0 as 0 and NaN or ±Infinity as
 * null, so those travel as `{"$n":"-0"}` and are revived on parse. Finite numbers already
 * round-trip (JavaScript prints the shortest text that reads back as the same double).
 */
function encodeExact(value: unknown): string {
  return JSON.stringify(value, (_key, x: unknown) =>
    typeof x !== 'number' || Number.isFinite(x)
      ? Object.is(x, -0)
        ? { $n: '-0' }
        : x
      : { $n: String(x) },
  );
}

function decodeExact(text: string): unknown {
  return JSON.parse(text, (_key, x: unknown) => {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
    const keys = Object.keys(x);
    const n = (x as { $n?: unknown }).$n;
    return keys.length === 1 && typeof n === 'string' ? (n === '-0' ? -0 : Number(n)) : x;
  });
}

/** The market as plain data: `owed` as its non-(+0) entries; the sums' cache is dropped (recomputed alike). */
function marketData(market: MarketState): EngineState['market'] {
  const { owed, interbankTotals: _cache, ...rest } = market;
  const entries: number[] = [];
  owed.forEach((row, i) => {
    row.forEach((x, j) => {
      if (!Object.is(x, 0)) entries.push(i, j, x);
    });
  });
  return { ...rest, owed: { n: owed.length, entries } };
}

/**
 * The engine's state as text (`engine.serialize()`), exact to the last bit of every number.
 *
 * @example
 * const text = serializeEngineState({ ...parts, market: marketData(market) });
 */
export function serializeEngineState(
  state: Omit<EngineState, 'v' | 'market'> & { market: MarketState },
): string {
  return encodeExact({ ...state, v: ENGINE_STATE_VERSION, market: marketData(state.market) });
}

/**
 * Read a serialized state back, checked against its schema and against `config` (the same
 * simulation, seed, run and entity count), with a fresh market object to step on.
 *
 * @example
 * const { state, market } = parseEngineState(text, config);
 */
export function parseEngineState(
  text: string,
  config: Readonly<EngineConfig>,
): { state: EngineState; market: MarketState } {
  let raw: unknown;
  try {
    raw = decodeExact(text);
  } catch (error) {
    throw new EngineStateError(`The engine state is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseMessage(engineStateSchema, raw, 'engine state');
  if (!parsed.ok) throw new EngineStateError(parsed.error.message);
  const state = parsed.value as unknown as EngineState;
  const mismatch = (
    [
      ['simulationId', state.simulationId, config.simulationId],
      ['seed', state.seed, config.seed],
      ['run', state.run, config.run],
      ['entity count', state.market.books.length, config.banks + config.funds],
      ['network size', state.market.owed.n, state.market.books.length],
    ] as const
  ).find(([, got, want]) => got !== want);
  if (mismatch) {
    const [what, got, want] = mismatch;
    throw new EngineStateError(
      `The engine state is of another engine: its ${what} is ${got}, the config's ${want}.`,
    );
  }
  const { n, entries } = state.market.owed;
  const owed = zeroNetwork(n);
  for (let k = 0; k + 2 < entries.length; k += 3) {
    const [i, j, x] = [entries[k]!, entries[k + 1]!, entries[k + 2]!];
    if (!(i >= 0 && i < n && j >= 0 && j < n))
      throw new EngineStateError(`The engine state's network has no entry [${i}, ${j}].`);
    owed[i]![j] = x;
  }
  const books = state.market.books as EntityBook[];
  const market: MarketState = { ...state.market, books, owed, interbankTotals: null };
  return { state, market };
}
