import * as z from 'zod/mini';
import {
  decisionChoiceSchema,
  entityStateSchema,
  idSchema,
  simulationSnapshotSchema,
  simulationStatusSchema,
} from './domain.js';
import { type ErrorCode, epochSchema } from './commands.js';
import {
  decisionResolvedDataSchema,
  type Envelope,
  envelopeSchema,
  pendingDecisionDataSchema,
} from './events.js';

/** Decision policy of a simulation. */
export const decisionPolicySchema = z.strictObject({
  /** Raise a decision when the player's NPA ratio exceeds this. */
  npaThreshold: z.number().check(z.minimum(0), z.maximum(1)),
  /** Pause the simulation until the decision is answered (or its deadline passes). */
  pauseOnDecision: z.boolean(),
  /** Steps until the default choice applies. */
  deadlineSteps: z.number().check(z.int(), z.minimum(1), z.maximum(10_000)),
});
export type DecisionPolicy = z.infer<typeof decisionPolicySchema>;

/**
 * The model a simulation runs: `default` (the engine's own market: 25 banks and 5 funds,
 * market dynamics, decisions) or `gai-kapadia` (Gai & Kapadia 2010: 1,000 identical banks on a
 * random network of mean degree `meanDegree`, capital 4 %, interbank assets 20 %, zero
 * recovery, one random bank failing at timestep 1).
 */
export const modelPresetSchema = z.enum(['default', 'gai-kapadia']);
export type ModelPresetName = z.infer<typeof modelPresetSchema>;

/** `POST /api/v1/simulations` body. Every field is optional; defaults are the server's. */
export const createSimulationRequestSchema = z.strictObject({
  id: z.optional(idSchema),
  seed: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(2 ** 31 - 1))),
  /** The model; its own defaults (e.g. 1,000 banks for `gai-kapadia`) apply to omitted fields. */
  preset: z.optional(modelPresetSchema),
  /** Mean number of loans per bank on the `gai-kapadia` network (the paper's z). Default 4. */
  meanDegree: z.optional(z.number().check(z.minimum(0), z.maximum(50))),
  /** 2–1,000 (the engine's limit; the server's work budget may refuse fewer). */
  banks: z.optional(z.number().check(z.int(), z.minimum(2), z.maximum(1000))),
  funds: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(100))),
  /** Probability of an interbank exposure between two banks. */
  density: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  stepIntervalMs: z.optional(z.number().check(z.int(), z.minimum(10), z.maximum(60_000))),
  maxTimesteps: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000))),
  decisionPolicy: z.optional(z.partial(decisionPolicySchema)),
  /** Start running right away (default true). */
  autoStart: z.optional(z.boolean()),
});
export type CreateSimulationRequest = z.infer<typeof createSimulationRequestSchema>;

/** A simulation as listed by `GET /api/v1/simulations`. */
export const simulationSummarySchema = z.strictObject({
  id: idSchema,
  seed: z.number().check(z.int()),
  status: simulationStatusSchema,
  timestep: z.number().check(z.int(), z.nonnegative()),
  seq: z.number().check(z.int(), z.nonnegative()),
  /** The life of the simulation `seq` counts in (see `epochSchema`). */
  epoch: epochSchema,
  /** Present when the simulation runs a preset other than `default`. */
  preset: z.optional(modelPresetSchema),
  /** Mean degree of the `gai-kapadia` network (present with that preset). */
  meanDegree: z.optional(z.number()),
  banks: z.number().check(z.int()),
  funds: z.number().check(z.int()),
  stepIntervalMs: z.number().check(z.int()),
  decisionPolicy: decisionPolicySchema,
  createdAt: z.iso.datetime(),
  viewers: z.number().check(z.int(), z.nonnegative()),
});
export type SimulationSummary = z.infer<typeof simulationSummarySchema>;

/** `GET /api/v1/simulations/:id/snapshot` — the snapshot and the seq it is current to. */
export const snapshotResponseSchema = z.strictObject({
  seq: z.number().check(z.int(), z.nonnegative()),
  /** The epoch `seq` belongs to: a client resumes with it (`subscribe { sinceSeq, epoch }`). */
  epoch: epochSchema,
  snapshot: simulationSnapshotSchema,
});
export type SnapshotResponse = z.infer<typeof snapshotResponseSchema>;

/**
 * `GET /api/v1/simulations/:id/entities/:entityId` — one entity and the seq of the snapshot it
 * was read from. An unknown entity answers 404 `unknown_entity`.
 */
export const entityResponseSchema = z.strictObject({
  seq: z.number().check(z.int(), z.nonnegative()),
  entity: entityStateSchema,
});
export type EntityResponse = z.infer<typeof entityResponseSchema>;

/** `GET /api/v1/simulations/:id/timeline?timestep=N` (omit `timestep` for the newest). */
export const timelineQuerySchema = z.strictObject({
  timestep: z.optional(z.coerce.number().check(z.int(), z.nonnegative())),
});

/**
 * `GET /api/v1/simulations/:id/timeline` — the snapshot as it was at one timestep of the
 * current run, rebuilt from the server's event log, and the range of timesteps the log still
 * holds. A timestep outside `held` is answered with the nearest one held (so
 * `snapshot.timestep !== requested` says "not held any more / not yet reached").
 */
export const timelineResponseSchema = z.strictObject({
  /** The timestep asked for; null when none was. */
  requested: z.nullable(z.number().check(z.int(), z.nonnegative())),
  /** Seq of the step that produced `snapshot` (events up to it had happened). */
  seq: z.number().check(z.int(), z.nonnegative()),
  epoch: epochSchema,
  snapshot: simulationSnapshotSchema,
  /** Oldest and newest timesteps the server can answer, inclusive. */
  held: z.strictObject({
    from: z.number().check(z.int(), z.nonnegative()),
    to: z.number().check(z.int(), z.nonnegative()),
  }),
});
export type TimelineResponse = z.infer<typeof timelineResponseSchema>;

/** `GET /api/v1/simulations/:id/events?since=N&limit=M`. */
export const eventsQuerySchema = z.strictObject({
  since: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 0),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10_000))),
  /** The epoch `since` belongs to; another one answers `resync: true`. */
  epoch: z.optional(epochSchema),
});
export const eventsResponseSchema = z.strictObject({
  /** Seq of the newest event the server has. */
  currentSeq: z.number().check(z.int(), z.nonnegative()),
  /**
   * The simulation's epoch. Optional on the wire so hand-written fakes and older servers still
   * parse; simstream servers always send it.
   */
  epoch: z.optional(epochSchema),
  /**
   * True when events after `since` are no longer in the log, or `epoch` was another life of
   * the simulation: fetch the snapshot instead.
   */
  resync: z.boolean(),
  events: z.array(envelopeSchema),
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
export const decisionRecordSchema = z.extend(pendingDecisionDataSchema, {
  status: z.enum(['pending', 'resolved']),
  resolution: z.nullable(z.omit(decisionResolvedDataSchema, { decision_id: true })),
});
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

/** `POST /api/v1/simulations/:id/decisions/:decisionId` body. */
export const decisionAnswerBodySchema = z.strictObject({
  choice: decisionChoiceSchema,
  idempotencyKey: idSchema,
});
export type DecisionAnswerBody = z.infer<typeof decisionAnswerBodySchema>;

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
  internal: 500,
  not_found: 404,
} as const satisfies Record<ErrorCode, number>;
