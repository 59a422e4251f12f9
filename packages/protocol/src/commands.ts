import * as v from 'valibot';
import { count, isoDateTime } from './schemaParts.js';
import { decisionChoiceSchema, idSchema } from './domain.js';

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
  /**
   * A dependency the call needs is away for a moment (a cluster's Redis unreachable, a
   * simulation changing owner): HTTP 503 with `Retry-After`; the same call later succeeds.
   */
  'unavailable',
  'internal',
  /** No such route (HTTP 404 for a path the server does not serve). */
  'not_found',
] as const;
export const errorCodeSchema = v.picklist(ERROR_CODES);
export type ErrorCode = v.InferOutput<typeof errorCodeSchema>;

/** `{ code, message }` — `message` is a human sentence saying what was wrong and what to do. */
export const protocolErrorSchema = v.strictObject({
  code: errorCodeSchema,
  message: v.string(),
  /** Field-level details from validation, when there are any. */
  issues: v.optional(v.array(v.strictObject({ path: v.string(), message: v.string() }))),
});
export type ProtocolError = v.InferOutput<typeof protocolErrorSchema>;

/** An ack that failed. */
export const errorAckSchema = v.strictObject({ ok: v.literal(false), error: protocolErrorSchema });
export type ErrorAck = v.InferOutput<typeof errorAckSchema>;

/**
 * How a subscriber wants steps: the full snapshot every step, or between keyframes only what
 * changed — field by field (`delta`), or as fixed-point residuals in columns (`compact`, the
 * smallest; see the protocol README).
 */
export const stepEncodingSchema = /* @__PURE__ */ v.picklist(['full', 'delta', 'compact']);
export type StepEncoding = v.InferOutput<typeof stepEncodingSchema>;

/**
 * Id of one life of a simulation on a server (made when the runtime is created; a reset keeps
 * it, a server restart makes a new one). `seq`s only compare within one epoch.
 */
export const epochSchema = idSchema;

// ── subscribe ────────────────────────────────────────────────────────────────

export const subscribeOkSchema = v.strictObject({
  ok: v.literal(true),
  simulationId: idSchema,
  /** The simulation's seq at the moment of subscribing (after any replay). */
  currentSeq: count(),
  /** The simulation's epoch: a client that knew another one must refetch the snapshot. */
  epoch: epochSchema,
  /** How many events were replayed (sent before this ack) from `sinceSeq`. */
  replayed: count(),
  /**
   * True when `sinceSeq` is older than the server's log, or the request's `epoch` is not the
   * simulation's: refetch the snapshot over REST.
   */
  resync: v.boolean(),
});
export type SubscribeOk = v.InferOutput<typeof subscribeOkSchema>;
export type SubscribeAck = SubscribeOk | ErrorAck;
export const subscribeAckSchema = v.union([subscribeOkSchema, errorAckSchema]);

// Schemas no browser reads (the kit ignores unsubscribe acks and pong payloads) are marked
// `@__PURE__` where they are plain calls: esbuild keeps an unused call to another module's
// function even when valibot marks it side-effect free (evanw/esbuild#4369).
// ── unsubscribe ──────────────────────────────────────────────────────────────
export const unsubscribeOkSchema = /* @__PURE__ */ v.strictObject({
  ok: /* @__PURE__ */ v.literal(true),
  simulationId: idSchema,
});
export type UnsubscribeAck = v.InferOutput<typeof unsubscribeOkSchema> | ErrorAck;
export const unsubscribeAckSchema = /* @__PURE__ */ v.union([unsubscribeOkSchema, errorAckSchema]);

// ── decision:answer ──────────────────────────────────────────────────────────

/**
 * The outcome of an answer. `accepted`: this answer won. `already_decided`: another answer
 * (or the deadline) won first — `choice` and `resolvedBy` say what won. `expired`: the
 * deadline passed before this answer arrived (`choice` is what the deadline applied).
 */
export const decisionAnswerOkSchema = v.strictObject({
  ok: v.literal(true),
  status: v.picklist(['accepted', 'already_decided', 'expired']),
  decisionId: idSchema,
  choice: decisionChoiceSchema,
  resolvedBy: v.picklist(['answer', 'deadline']),
});
export type DecisionAnswerOk = v.InferOutput<typeof decisionAnswerOkSchema>;
export type DecisionAnswerAck = DecisionAnswerOk | ErrorAck;
export const decisionAnswerAckSchema = v.union([decisionAnswerOkSchema, errorAckSchema]);

// ── ping ─────────────────────────────────────────────────────────────────────
export const pongSchema = /* @__PURE__ */ v.strictObject({
  type: /* @__PURE__ */ v.literal('pong'),
  timestamp: /* @__PURE__ */ isoDateTime(),
});
export type Pong = v.InferOutput<typeof pongSchema>;

// ── server notices ───────────────────────────────────────────────────────────
/** Sent by the server outside any ack: shutdown, a refused message, a dropped subscription. */
export const serverNoticeSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('shutdown'),
    message: v.string(),
    /** Suggested wait before reconnecting. */
    retryAfterMs: count(),
  }),
  v.strictObject({ kind: v.literal('error'), error: protocolErrorSchema }),
  v.strictObject({
    kind: v.literal('simulation_removed'),
    simulationId: idSchema,
    message: v.string(),
  }),
]);
export type ServerNotice = v.InferOutput<typeof serverNoticeSchema>;
