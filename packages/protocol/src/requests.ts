/**
 * What clients send and the server reads: Socket.IO commands, REST bodies and query strings.
 * Apart from the schemas of what the server sends, so a browser bundle that only reads the
 * server's frames never loads these (bundlers drop whole unused modules of this
 * side-effect-free package, but not every unused schema inside a module it loads).
 */
import * as v from 'valibot';
import { LIMITS } from './constants.js';
import { epochSchema, stepEncodingSchema } from './commands.js';
import { ASSET_CLASSES, decisionChoiceSchema, idSchema, shockTypeSchema } from './domain.js';
import { eventTypeSchema } from './events.js';
import { decisionPolicySchema, modelPresetSchema } from './rest.js';
import { count, finite, pathItem, queryCount } from './schemaParts.js';

// ── Socket.IO commands ───────────────────────────────────────────────────────
export const subscribeRequestSchema = v.strictObject({
  simulationId: idSchema,
  /** Replay every event with `seq > sinceSeq` before live events. Omit for live only. */
  sinceSeq: v.optional(count()),
  /**
   * The epoch `sinceSeq` belongs to. When it is not the simulation's current epoch (the server
   * restarted), nothing is replayed and the ack says `resync: true`.
   */
  epoch: v.optional(epochSchema),
  /** Only these event types are sent (the server filters). Omit for all. */
  types: v.optional(
    v.pipe(v.array(eventTypeSchema), v.minLength(1), v.maxLength(LIMITS.typesPerFilter)),
  ),
  /** Step encoding; default `full`. */
  steps: v.optional(stepEncodingSchema),
});
export type SubscribeRequest = v.InferOutput<typeof subscribeRequestSchema>;

export const unsubscribeRequestSchema = v.strictObject({ simulationId: idSchema });
export type UnsubscribeRequest = v.InferOutput<typeof unsubscribeRequestSchema>;

export const decisionAnswerRequestSchema = v.strictObject({
  simulationId: idSchema,
  decisionId: idSchema,
  choice: decisionChoiceSchema,
  /** Made by the client before the first send; repeating it returns the same ack. */
  idempotencyKey: idSchema,
});
export type DecisionAnswerRequest = v.InferOutput<typeof decisionAnswerRequestSchema>;

export const pingRequestSchema = v.strictObject({ type: v.literal('ping') });

// ── REST bodies and queries ──────────────────────────────────────────────────
/**
 * A shock to apply.
 * - `asset_price_crash`: target is an asset class, magnitude in [-1, 0) is the price change.
 * - `deposit_run`: target is an entity id (or `"system"`), magnitude in (0, 1] is the share of deposits withdrawn.
 * - `credit_loss`: target is an entity id (or `"system"`), magnitude in (0, 1] is the share of corporate loans turning non-performing.
 */
export const shockInputSchema = v.pipe(
  v.strictObject({
    shock_type: shockTypeSchema,
    target: idSchema,
    magnitude: finite(v.minValue(-1), v.maxValue(1)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const shock = dataset.value;
    if (shock.shock_type === 'asset_price_crash') {
      if (!(ASSET_CLASSES as readonly string[]).includes(shock.target)) {
        addIssue({
          message: `asset_price_crash targets an asset class: one of ${ASSET_CLASSES.join(', ')}`,
          path: [pathItem(shock, 'target')],
        });
      }
      if (!(shock.magnitude < 0)) {
        addIssue({
          message: 'asset_price_crash magnitude must be in [-1, 0)',
          path: [pathItem(shock, 'magnitude')],
        });
      }
    } else if (!(shock.magnitude > 0)) {
      addIssue({
        message: `${shock.shock_type} magnitude must be in (0, 1]`,
        path: [pathItem(shock, 'magnitude')],
      });
    }
  }),
);
export type ShockInput = v.InferOutput<typeof shockInputSchema>;

/** `POST /api/v1/simulations` body. Every field is optional; defaults are the server's. */
export const createSimulationRequestSchema = v.strictObject({
  id: v.optional(idSchema),
  seed: v.optional(count(0, 2 ** 31 - 1)),
  /** The model; its own defaults (e.g. 1,000 banks for `gai-kapadia`) apply to omitted fields. */
  preset: v.optional(modelPresetSchema),
  /** Mean number of loans per bank on the `gai-kapadia` network (the paper's z). Default 4. */
  meanDegree: v.optional(finite(v.minValue(0), v.maxValue(50))),
  /** 2–1,000 (the engine's limit; the server's work budget may refuse fewer). */
  banks: v.optional(count(2, 1000)),
  funds: v.optional(count(0, 100)),
  /** Probability of an interbank exposure between two banks. */
  density: v.optional(finite(v.minValue(0), v.maxValue(1))),
  stepIntervalMs: v.optional(count(10, 60_000)),
  maxTimesteps: v.optional(count(1, 1_000_000)),
  decisionPolicy: v.optional(v.partial(decisionPolicySchema)),
  /** Start running right away (default true). */
  autoStart: v.optional(v.boolean()),
});
export type CreateSimulationRequest = v.InferOutput<typeof createSimulationRequestSchema>;

/** `GET /api/v1/simulations/:id/timeline?timestep=N` (omit `timestep` for the newest). */
export const timelineQuerySchema = v.strictObject({
  timestep: v.optional(queryCount()),
});

/** `GET /api/v1/simulations/:id/events?since=N&limit=M`. */
export const eventsQuerySchema = v.strictObject({
  since: v.optional(queryCount(), 0),
  limit: v.optional(queryCount(1, 10_000)),
  /** The epoch `since` belongs to; another one answers `resync: true`. */
  epoch: v.optional(epochSchema),
});

/** `POST /api/v1/simulations/:id/decisions/:decisionId` body. */
export const decisionAnswerBodySchema = v.strictObject({
  choice: decisionChoiceSchema,
  idempotencyKey: idSchema,
});
export type DecisionAnswerBody = v.InferOutput<typeof decisionAnswerBodySchema>;
