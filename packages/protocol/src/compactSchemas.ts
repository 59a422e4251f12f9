import * as v from 'valibot';
import {
  assetAmountsSchema,
  entityStateSchema,
  idSchema,
  simulationSnapshotSchema,
  simulationStatusSchema,
} from './domain.js';
import { count, finite, shortText } from './schemaParts.js';

/** Base64 VLQ text (the source-map integer code): `A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/`. */
const vlqText = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*$/, 'must be base64 VLQ text'));
const index = count();
/** A fingerprint (`fingerprint()`, base 36) of a part a keyframe leaves out. */
const fingerprintText = v.pipe(v.string(), v.regex(/^[0-9a-z]{1,12}$/, 'must be a fingerprint'));
/** `[column, row, value]`: cells sent as the number itself (not exact in fixed point). */
const literalsSchema = v.array(v.strictTuple([index, index, finite()]));

/**
 * The snapshot of a compact keyframe in columns: entity fields once per field rather than once
 * per entity, numbers as fixed-point integers in base64 VLQ (absolute: no previous step
 * needed), claims of the exposure network by entity index; the run's names and network left
 * out, by fingerprint, when the receiver holds them. Format: the protocol README.
 */
export const compactKeyframeSchema = v.strictObject({
  /** Absent, like `ids`, `names` and `types`, with `same_entities`. */
  simulation_id: v.optional(idSchema),
  total_agents: v.optional(count()),
  player_entity_id: v.optional(idSchema),
  /** Price indexes in 1/10,000 as VLQ, or the prices themselves when not exact at 4 decimals. */
  prices: v.union([vlqText, assetAmountsSchema]),
  /** Entity ids, names and types (index into ENTITY_TYPES); absent with `same_entities`. */
  ids: v.optional(v.array(idSchema)),
  names: v.optional(v.array(shortText(200))),
  types: v.optional(vlqText),
  /** Fingerprint of the ids, types and names the receiver's snapshot already holds (left out). */
  same_entities: v.optional(fingerprintText),
  /** 1 per entity that is not alive, else 0. */
  dead: vlqText,
  /** `defaulted_at + 1` per entity, 0 for null. */
  defaulted_at: vlqText,
  /** One VLQ string per column of COMPACT_COLUMNS: fixed-point values ('' = all zero). */
  columns: v.pipe(v.array(vlqText), v.maxLength(32)),
  literals: v.optional(literalsSchema),
  /** Fingerprint of the exposure network the receiver's snapshot already holds (left out). */
  same_exposures: v.optional(fingerprintText),
  exposures: v.optional(
    v.strictObject({
      /** Claims in the network. */
      count: count(),
      /** Lender's entity index per claim. */
      lender: vlqText,
      /** Borrower's entity index, as the change from the previous claim's (claims come sorted). */
      borrower: vlqText,
      /** Fixed-point amount (cents). */
      amount: vlqText,
      /** 0 open, 1 settled, 2 written off. */
      status: vlqText,
      /** `closed_at + 1`, 0 when absent. */
      closed_at: vlqText,
      /** Fixed-point loss + 1, 0 when absent. */
      loss: vlqText,
      /** `[0 = amount | 1 = loss, claim, value]`. */
      literals: v.optional(literalsSchema),
    }),
  ),
});

const headline = {
  timestep: count(),
  status: simulationStatusSchema,
  system_health: finite(v.minValue(0), v.maxValue(1)),
  alive_agents: count(),
};

/** A `simulation_compact` between keyframes: residuals against the previous step. */
const compactResidualsSchema = v.strictObject({
  ...headline,
  base_timestep: count(),
  /** Price changes in 1/10,000 as VLQ, or the prices themselves when not exact at 4 decimals. */
  prices: v.union([vlqText, assetAmountsSchema]),
  /** One VLQ string of residuals per column, entities in the base's order; '' = all zero. */
  columns: v.pipe(v.array(vlqText), v.maxLength(32)),
  /** `[column, entity, value]`: cells sent as the number itself (not exact in fixed point). */
  literals: v.optional(literalsSchema),
  /** `[entity, fields]`: entity fields without a column that changed, whole. */
  fields: v.optional(v.array(v.strictTuple([index, v.partial(v.omit(entityStateSchema, ['id']))]))),
  /** Snapshot fields without a place above that changed (e.g. added later), whole. */
  snapshot: v.optional(
    v.partial(
      v.omit(simulationSnapshotSchema, [
        'timestep',
        'status',
        'system_health',
        'alive_agents',
        'prices',
        'entities',
      ]),
    ),
  ),
});

/**
 * `simulation_compact` — the same step as `simulation_step` (same `seq`), for subscribers that
 * ask for `steps: 'compact'` (format: the protocol README; codec: `encodeCompactStep` /
 * `decodeCompactStep`): between keyframes, fixed-point residuals against the previous step;
 * a keyframe, the whole snapshot in columns (`keyframe`, numbers needing no previous step). The headline numbers travel
 * as themselves, so a feed reads them without decoding.
 */
export const simulationCompactDataSchema = v.union([
  compactResidualsSchema,
  v.strictObject({ ...headline, keyframe: compactKeyframeSchema }),
]);

/** A `simulation_compact` between keyframes: residuals against the previous step. */
export type CompactStepData = v.InferOutput<typeof compactResidualsSchema>;
