import * as z from 'zod/mini';
import { LIMITS } from './constants.js';
import { decisionChoiceSchema, idSchema } from './domain.js';
import { eventTypeSchema } from './events.js';

/** Every error a server, client or mock reports carries one of these codes and a sentence. */
export const ERROR_CODES = [
  'invalid_message',
  'payload_too_large',
  'unknown_simulation',
  'unknown_decision',
  'unknown_entity',
  'not_subscribed',
  'decision_expired',
  'rate_limited',
  'unauthorized',
  'forbidden_origin',
  /** A valid token whose role or simulations do not allow this call (HTTP 403). */
  'forbidden',
  'conflict',
  'shutting_down',
  'internal',
  /** No such route (HTTP 404 for a path the server does not serve). */
  'not_found',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** `{ code, message }` — `message` is a human sentence saying what was wrong and what to do. */
export const protocolErrorSchema = z.strictObject({
  code: errorCodeSchema,
  message: z.string(),
  /** Field-level details from validation, when there are any. */
  issues: z.optional(z.array(z.strictObject({ path: z.string(), message: z.string() }))),
});
export type ProtocolError = z.infer<typeof protocolErrorSchema>;

/** An ack that failed. */
export const errorAckSchema = z.strictObject({ ok: z.literal(false), error: protocolErrorSchema });
export type ErrorAck = z.infer<typeof errorAckSchema>;

/**
 * How a subscriber wants steps: the full snapshot every step, or between keyframes only what
 * changed — field by field (`delta`), or as fixed-point residuals in columns (`compact`, the
 * smallest; see the protocol README).
 */
export const stepEncodingSchema = z.enum(['full', 'delta', 'compact']);
export type StepEncoding = z.infer<typeof stepEncodingSchema>;

/**
 * Id of one life of a simulation on a server (made when the runtime is created; a reset keeps
 * it, a server restart makes a new one). `seq`s only compare within one epoch.
 */
export const epochSchema = idSchema;

// ── subscribe ────────────────────────────────────────────────────────────────
export const subscribeRequestSchema = z.strictObject({
  simulationId: idSchema,
  /** Replay every event with `seq > sinceSeq` before live events. Omit for live only. */
  sinceSeq: z.optional(z.number().check(z.int(), z.nonnegative())),
  /**
   * The epoch `sinceSeq` belongs to. When it is not the simulation's current epoch (the server
   * restarted), nothing is replayed and the ack says `resync: true`.
   */
  epoch: z.optional(epochSchema),
  /** Only these event types are sent (the server filters). Omit for all. */
  types: z.optional(
    z.array(eventTypeSchema).check(z.minLength(1), z.maxLength(LIMITS.typesPerFilter)),
  ),
  /** Step encoding; default `full`. */
  steps: z.optional(stepEncodingSchema),
});
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;

export const subscribeOkSchema = z.strictObject({
  ok: z.literal(true),
  simulationId: idSchema,
  /** The simulation's seq at the moment of subscribing (after any replay). */
  currentSeq: z.number().check(z.int(), z.nonnegative()),
  /** The simulation's epoch: a client that knew another one must refetch the snapshot. */
  epoch: epochSchema,
  /** How many events were replayed (sent before this ack) from `sinceSeq`. */
  replayed: z.number().check(z.int(), z.nonnegative()),
  /**
   * True when `sinceSeq` is older than the server's log, or the request's `epoch` is not the
   * simulation's: refetch the snapshot over REST.
   */
  resync: z.boolean(),
});
export type SubscribeOk = z.infer<typeof subscribeOkSchema>;
export type SubscribeAck = SubscribeOk | ErrorAck;
export const subscribeAckSchema = z.union([subscribeOkSchema, errorAckSchema]);

// ── unsubscribe ──────────────────────────────────────────────────────────────
export const unsubscribeRequestSchema = z.strictObject({ simulationId: idSchema });
export type UnsubscribeRequest = z.infer<typeof unsubscribeRequestSchema>;
export const unsubscribeOkSchema = z.strictObject({ ok: z.literal(true), simulationId: idSchema });
export type UnsubscribeAck = z.infer<typeof unsubscribeOkSchema> | ErrorAck;
export const unsubscribeAckSchema = z.union([unsubscribeOkSchema, errorAckSchema]);

// ── decision:answer ──────────────────────────────────────────────────────────
export const decisionAnswerRequestSchema = z.strictObject({
  simulationId: idSchema,
  decisionId: idSchema,
  choice: decisionChoiceSchema,
  /** Made by the client before the first send; repeating it returns the same ack. */
  idempotencyKey: idSchema,
});
export type DecisionAnswerRequest = z.infer<typeof decisionAnswerRequestSchema>;

/**
 * The outcome of an answer. `accepted`: this answer won. `already_decided`: another answer
 * (or the deadline) won first — `choice` and `resolvedBy` say what won. `expired`: the
 * deadline passed before this answer arrived (`choice` is what the deadline applied).
 */
export const decisionAnswerOkSchema = z.strictObject({
  ok: z.literal(true),
  status: z.enum(['accepted', 'already_decided', 'expired']),
  decisionId: idSchema,
  choice: decisionChoiceSchema,
  resolvedBy: z.enum(['answer', 'deadline']),
});
export type DecisionAnswerOk = z.infer<typeof decisionAnswerOkSchema>;
export type DecisionAnswerAck = DecisionAnswerOk | ErrorAck;
export const decisionAnswerAckSchema = z.union([decisionAnswerOkSchema, errorAckSchema]);

// ── ping ─────────────────────────────────────────────────────────────────────
export const pingRequestSchema = z.strictObject({ type: z.literal('ping') });
export const pongSchema = z.strictObject({ type: z.literal('pong'), timestamp: z.iso.datetime() });
export type Pong = z.infer<typeof pongSchema>;

// ── server notices ───────────────────────────────────────────────────────────
/** Sent by the server outside any ack: shutdown, a refused message, a dropped subscription. */
export const serverNoticeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('shutdown'),
    message: z.string(),
    /** Suggested wait before reconnecting. */
    retryAfterMs: z.number().check(z.int(), z.nonnegative()),
  }),
  z.strictObject({ kind: z.literal('error'), error: protocolErrorSchema }),
  z.strictObject({
    kind: z.literal('simulation_removed'),
    simulationId: idSchema,
    message: z.string(),
  }),
]);
export type ServerNotice = z.infer<typeof serverNoticeSchema>;
