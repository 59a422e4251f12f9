import * as v from 'valibot';
import {
  entityStateSchema,
  idSchema,
  simulationSnapshotSchema,
  simulationStatusSchema,
} from './domain.js';
import { type ErrorCode, epochSchema } from './commands.js';
import { count, finite, isoDateTime } from './schemaParts.js';
import {
  decisionResolvedDataSchema,
  type Envelope,
  envelopeSchema,
  pendingDecisionDataSchema,
} from './events.js';

/** Decision policy of a simulation. */
export const decisionPolicySchema = v.strictObject({
  /** Raise a decision when the player's NPA ratio exceeds this. */
  npaThreshold: finite(v.minValue(0), v.maxValue(1)),
  /** Pause the simulation until the decision is answered (or its deadline passes). */
  pauseOnDecision: v.boolean(),
  /** Steps until the default choice applies. */
  deadlineSteps: count(1, 10_000),
});
export type DecisionPolicy = v.InferOutput<typeof decisionPolicySchema>;

/**
 * The model a simulation runs: `default` (the engine's own market: 25 banks and 5 funds,
 * market dynamics, decisions) or `gai-kapadia` (Gai & Kapadia 2010: 1,000 identical banks on a
 * random network of mean degree `meanDegree`, capital 4 %, interbank assets 20 %, zero
 * recovery, one random bank failing at timestep 1).
 */
export const modelPresetSchema = v.picklist(['default', 'gai-kapadia']);
export type ModelPresetName = v.InferOutput<typeof modelPresetSchema>;

/** A simulation as listed by `GET /api/v1/simulations`. */
export const simulationSummarySchema = v.strictObject({
  id: idSchema,
  seed: v.pipe(v.number(), v.integer()),
  status: simulationStatusSchema,
  timestep: count(),
  seq: count(),
  /** The life of the simulation `seq` counts in (see `epochSchema`). */
  epoch: epochSchema,
  /** Present when the simulation runs a preset other than `default`. */
  preset: v.optional(modelPresetSchema),
  /** Mean degree of the `gai-kapadia` network (present with that preset). */
  meanDegree: v.optional(finite()),
  banks: v.pipe(v.number(), v.integer()),
  funds: v.pipe(v.number(), v.integer()),
  stepIntervalMs: v.pipe(v.number(), v.integer()),
  decisionPolicy: decisionPolicySchema,
  createdAt: isoDateTime(),
  viewers: count(),
});
export type SimulationSummary = v.InferOutput<typeof simulationSummarySchema>;

/** `GET /api/v1/simulations/:id/snapshot` — the snapshot and the seq it is current to. */
export const snapshotResponseSchema = v.strictObject({
  seq: count(),
  /** The epoch `seq` belongs to: a client resumes with it (`subscribe { sinceSeq, epoch }`). */
  epoch: epochSchema,
  snapshot: simulationSnapshotSchema,
});
export type SnapshotResponse = v.InferOutput<typeof snapshotResponseSchema>;

/**
 * `GET /api/v1/simulations/:id/entities/:entityId` — one entity and the seq of the snapshot it
 * was read from. An unknown entity answers 404 `unknown_entity`.
 */
export const entityResponseSchema = v.strictObject({
  seq: count(),
  entity: entityStateSchema,
});
export type EntityResponse = v.InferOutput<typeof entityResponseSchema>;

/**
 * `GET /api/v1/simulations/:id/timeline` — the snapshot as it was at one timestep of the
 * current run, rebuilt from the server's event log, and the range of timesteps the log still
 * holds. A timestep outside `held` is answered with the nearest one held (so
 * `snapshot.timestep !== requested` says "not held any more / not yet reached").
 */
export const timelineResponseSchema = v.strictObject({
  /** The timestep asked for; null when none was. */
  requested: v.nullable(count()),
  /** Seq of the step that produced `snapshot` (events up to it had happened). */
  seq: count(),
  epoch: epochSchema,
  snapshot: simulationSnapshotSchema,
  /** Oldest and newest timesteps the server can answer, inclusive. */
  held: v.strictObject({
    from: count(),
    to: count(),
  }),
});
export type TimelineResponse = v.InferOutput<typeof timelineResponseSchema>;

export const eventsResponseSchema = v.strictObject({
  /** Seq of the newest event the server has. */
  currentSeq: count(),
  /**
   * The simulation's epoch. Optional on the wire so hand-written fakes and older servers still
   * parse; simstream servers always send it.
   */
  epoch: v.optional(epochSchema),
  /**
   * True when events after `since` are no longer in the log, or `epoch` was another life of
   * the simulation: fetch the snapshot instead.
   */
  resync: v.boolean(),
  events: v.array(envelopeSchema),
});
export type EventsResponse = {
  currentSeq: number;
  epoch?: string;
  resync: boolean;
  events: Envelope[];
};

/**
 * A row of `GET /api/v1/simulations/:id/decisions`, and what the decisions query holds: the
 * `pending_decision` data, its status, and once decided the `decision_resolved` data (without
 * the repeated `decision_id`).
 */
export const decisionRecordSchema = v.strictObject({
  ...pendingDecisionDataSchema.entries,
  status: v.picklist(['pending', 'resolved']),
  resolution: v.nullable(v.omit(decisionResolvedDataSchema, ['decision_id'])),
});
export type DecisionRecord = v.InferOutput<typeof decisionRecordSchema>;

/** Error body of every non-2xx REST response. */
export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/**
 * HTTP status of each protocol error code: the one table the server and the mock answer with.
 *
 * @example
 * reply.code(ERROR_HTTP_STATUS[error.code]).send({ error });
 */
export const ERROR_HTTP_STATUS = {
  invalid_message: 400,
  payload_too_large: 413,
  unknown_simulation: 404,
  unknown_decision: 404,
  unknown_entity: 404,
  not_subscribed: 409,
  decision_expired: 409,
  rate_limited: 429,
  unauthorized: 401,
  forbidden_origin: 403,
  forbidden: 403,
  conflict: 409,
  shutting_down: 503,
  unavailable: 503,
  internal: 500,
  not_found: 404,
} as const satisfies Record<ErrorCode, number>;
