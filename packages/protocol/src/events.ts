import * as z from 'zod/mini';
import { LIMITS, PROTOCOL_VERSION } from './constants.js';
import {
  assetAmountsSchema,
  decisionActionSchema,
  decisionChoiceSchema,
  entityChangeSchema,
  entityStateSchema,
  entityTypeSchema,
  exposureSchema,
  idSchema,
  shockTypeSchema,
  simulationSnapshotSchema,
  simulationStatusSchema,
} from './domain.js';

const timestep = z.number().check(z.int(), z.nonnegative());

/** `simulation_step` — the seed's full step: every timestep, with the whole snapshot. */
export const simulationStepDataSchema = z.strictObject({
  timestep,
  snapshot: simulationSnapshotSchema,
  system_health: z.number().check(z.minimum(0), z.maximum(1)),
  alive_agents: z.number().check(z.int(), z.nonnegative()),
});

/**
 * `simulation_delta` — the same step as `simulation_step` (same `seq`), carrying only
 * what changed since `base_timestep` (always the previous timestep). Sent to subscribers
 * that ask for `steps: 'delta'`; every `keyframeInterval` steps they get a full step instead.
 */
export const simulationDeltaDataSchema = z.strictObject({
  timestep,
  base_timestep: timestep,
  status: simulationStatusSchema,
  system_health: z.number().check(z.minimum(0), z.maximum(1)),
  alive_agents: z.number().check(z.int(), z.nonnegative()),
  prices: assetAmountsSchema,
  changed: z.array(entityChangeSchema),
  /**
   * Claims of the exposure network that changed (closed by a default) or are new, each sent
   * whole and matched by `lender` + `borrower`. Absent when none changed — most steps.
   */
  exposures: z.optional(z.array(exposureSchema)),
});

/** Base64 VLQ text (the source-map integer code): `A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/`. */
const vlqText = z.string().check(z.regex(/^[A-Za-z0-9+/]*$/, 'must be base64 VLQ text'));
const index = z.number().check(z.int(), z.nonnegative());

/**
 * `simulation_compact` — the same step as `simulation_step` (same `seq`), as fixed-point
 * residuals against the previous step, for subscribers that ask for `steps: 'compact'`
 * (format: the protocol README; codec: `encodeCompactStep`/`decodeCompactStep`). The headline
 * numbers travel as themselves, so a feed reads them without decoding.
 */
export const simulationCompactDataSchema = z.strictObject({
  timestep,
  base_timestep: timestep,
  status: simulationStatusSchema,
  system_health: z.number().check(z.minimum(0), z.maximum(1)),
  alive_agents: z.number().check(z.int(), z.nonnegative()),
  /** Price changes in 1/10,000 as VLQ, or the prices themselves when not exact at 4 decimals. */
  prices: z.union([vlqText, assetAmountsSchema]),
  /** One VLQ string of residuals per column, entities in the base's order; '' = all zero. */
  columns: z.array(vlqText).check(z.maxLength(32)),
  /** `[column, entity, value]`: cells sent as the number itself (not exact in fixed point). */
  literals: z.optional(z.array(z.tuple([index, index, z.number()]))),
  /** `[entity, fields]`: entity fields without a column that changed, whole. */
  fields: z.optional(z.array(z.tuple([index, z.partial(z.omit(entityStateSchema, { id: true }))]))),
  /** Snapshot fields without a place above that changed (e.g. added later), whole. */
  snapshot: z.optional(
    z.partial(
      z.omit(simulationSnapshotSchema, {
        timestep: true,
        status: true,
        system_health: true,
        alive_agents: true,
        prices: true,
        entities: true,
      }),
    ),
  ),
});

/** `entity_default` — the seed's fields, plus why it defaulted. */
export const entityDefaultDataSchema = z.strictObject({
  entity_id: idSchema,
  entity_type: entityTypeSchema,
  timestep,
  /** `insolvency` (own losses), `contagion` (losses from defaulted debtors), `liquidity` (a run). */
  cause: z.optional(z.enum(['insolvency', 'contagion', 'liquidity'])),
  /** Loss (millions) this default passed to creditors through the interbank network. */
  creditor_losses: z.optional(z.number().check(z.nonnegative())),
});

/** `shock_applied` — exactly the seed's fields. */
export const shockAppliedDataSchema = z.strictObject({
  shock_type: shockTypeSchema,
  target: idSchema,
  magnitude: z.number().check(z.minimum(-1), z.maximum(1)),
  timestep,
});

/** `pending_decision` — the seed's fields plus whose decision it is and its deadline. */
export const pendingDecisionDataSchema = z.strictObject({
  decision_id: idSchema,
  title: z.string().check(z.maxLength(200)),
  description: z.string().check(z.maxLength(LIMITS.textLength)),
  recommended_action: decisionActionSchema,
  alternative_action: decisionActionSchema,
  entity_id: idSchema,
  timestep,
  /** Last timestep at which an answer is accepted; after it `default_choice` applies. */
  deadline_timestep: timestep,
  /** Wall-clock estimate of the deadline (ISO 8601), or null when the simulation is paused. */
  deadline_at: z.nullable(z.iso.datetime()),
  default_choice: decisionChoiceSchema,
  /** Whether the simulation waits (paused) until this is decided. */
  pauses_simulation: z.boolean(),
});

/** `decision_resolved` — who or what decided, and which action won. */
export const decisionResolvedDataSchema = z.strictObject({
  decision_id: idSchema,
  choice: decisionChoiceSchema,
  resolved_by: z.enum(['answer', 'deadline']),
  /** Viewer that answered (socket or REST client label); null when the deadline decided. */
  answered_by: z.nullable(z.string().check(z.maxLength(LIMITS.idLength))),
  timestep,
});

/** A pending decision's wall-clock deadline as it stands after a pause or a resume. */
export const decisionDeadlineSchema = z.strictObject({
  decision_id: idSchema,
  deadline_at: z.nullable(z.iso.datetime()),
});

/** `simulation_status` — running, paused or finished, and why. */
export const simulationStatusDataSchema = z.strictObject({
  status: simulationStatusSchema,
  reason: z.nullable(z.string().check(z.maxLength(200))),
  timestep,
  /**
   * Pausing stops the clock of every pending decision (`deadline_at` null) and resuming
   * restarts it (a new `deadline_at`): the new deadlines travel with the status change that
   * moved them, so a live viewer's decisions stay equal to a reloaded viewer's. Present only
   * on a pause or resume while decisions are pending.
   */
  deadlines: z.optional(z.array(decisionDeadlineSchema).check(z.maxLength(1_000))),
});

/** Data schema per event type: the one table every edge validates against. */
export const eventDataSchemas = {
  simulation_step: simulationStepDataSchema,
  simulation_delta: simulationDeltaDataSchema,
  simulation_compact: simulationCompactDataSchema,
  entity_default: entityDefaultDataSchema,
  shock_applied: shockAppliedDataSchema,
  pending_decision: pendingDecisionDataSchema,
  decision_resolved: decisionResolvedDataSchema,
  simulation_status: simulationStatusDataSchema,
} as const;

export type EventType = keyof typeof eventDataSchemas;
export const EVENT_TYPES = Object.keys(eventDataSchemas) as EventType[];
export const eventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

export type EventDataMap = { [K in EventType]: z.infer<(typeof eventDataSchemas)[K]> };
export type SimulationStepData = EventDataMap['simulation_step'];
export type SimulationDeltaData = EventDataMap['simulation_delta'];
export type SimulationCompactData = EventDataMap['simulation_compact'];
export type EntityDefaultData = EventDataMap['entity_default'];
export type ShockAppliedData = EventDataMap['shock_applied'];
export type PendingDecisionData = EventDataMap['pending_decision'];
export type DecisionResolvedData = EventDataMap['decision_resolved'];
export type SimulationStatusData = EventDataMap['simulation_status'];

/** An event as the engine emits it: the seed's `{ type, data }` before transport fields. */
export type EngineEvent = { [K in EventType]: { type: K; data: EventDataMap[K] } }[EventType];

/** The seed's wire message `{ type, timestamp, data }` (raw WebSocket endpoint). */
export type SeedMessage = {
  [K in EventType]: { type: K; timestamp: string; data: EventDataMap[K] };
}[EventType];

/**
 * The envelope every event travels in: the seed's `{ type, timestamp, data }` plus the
 * protocol version `v`, the `simulationId` and a gapless per-simulation `seq` (from 1).
 */
export type Envelope<K extends EventType = EventType> = {
  [T in K]: {
    v: typeof PROTOCOL_VERSION;
    seq: number;
    simulationId: string;
    type: T;
    timestamp: string;
    data: EventDataMap[T];
  };
}[K];

const envelopeBase = {
  v: z.literal(PROTOCOL_VERSION),
  seq: z.number().check(z.int(), z.positive()),
  simulationId: idSchema,
  timestamp: z.iso.datetime(),
};

const envelopeVariants = EVENT_TYPES.map((type) =>
  z.strictObject({ ...envelopeBase, type: z.literal(type), data: eventDataSchemas[type] }),
);

export const envelopeSchema = z.discriminatedUnion(
  'type',
  envelopeVariants as unknown as [
    z.ZodMiniObject<z.core.$ZodShape>,
    ...z.ZodMiniObject<z.core.$ZodShape>[],
  ],
) as unknown as z.ZodMiniType<Envelope>;

/** Seed-shaped message schema (no `v`, `seq`, `simulationId`). */
export const seedMessageSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((type) =>
    z.strictObject({
      type: z.literal(type),
      timestamp: z.iso.datetime(),
      data: eventDataSchemas[type],
    }),
  ) as unknown as [z.ZodMiniObject<z.core.$ZodShape>, ...z.ZodMiniObject<z.core.$ZodShape>[]],
) as unknown as z.ZodMiniType<SeedMessage>;

/**
 * Several envelopes of one simulation in one frame. `fromSeq..toSeq` is the seq range the
 * frame covers; `events` holds those of the range that pass the subscriber's filter, in
 * order. A client advances `lastSeq` to `toSeq` even when filtered events are absent, and
 * detects a gap when `fromSeq !== lastSeq + 1`.
 */
export interface EventBatch {
  v: typeof PROTOCOL_VERSION;
  simulationId: string;
  fromSeq: number;
  toSeq: number;
  events: Envelope[];
}

export const eventBatchSchema = z
  .strictObject({
    v: z.literal(PROTOCOL_VERSION),
    simulationId: idSchema,
    fromSeq: z.number().check(z.int(), z.positive()),
    toSeq: z.number().check(z.int(), z.positive()),
    events: z.array(envelopeSchema).check(z.maxLength(LIMITS.eventsPerBatch)),
  })
  .check(
    z.superRefine((batch, ctx) => {
      if (batch.toSeq < batch.fromSeq) {
        ctx.addIssue({ code: 'custom', path: ['toSeq'], message: 'toSeq must be ≥ fromSeq' });
      }
      let prev = batch.fromSeq - 1;
      for (const [i, e] of batch.events.entries()) {
        if (e.simulationId !== batch.simulationId) {
          ctx.addIssue({
            code: 'custom',
            path: ['events', i, 'simulationId'],
            message: 'event belongs to another simulation',
          });
        }
        if (e.seq <= prev || e.seq > batch.toSeq) {
          ctx.addIssue({
            code: 'custom',
            path: ['events', i, 'seq'],
            message: 'events must be in increasing seq order within fromSeq..toSeq',
          });
        }
        prev = e.seq;
      }
    }),
  ) as unknown as z.ZodMiniType<EventBatch>;

/** Wrap an engine event in the protocol envelope. */
export function toEnvelope<E extends EngineEvent>(
  event: E,
  meta: { seq: number; simulationId: string; timestamp: string },
): Envelope<E['type']> {
  return {
    v: PROTOCOL_VERSION,
    seq: meta.seq,
    simulationId: meta.simulationId,
    type: event.type,
    timestamp: meta.timestamp,
    data: event.data,
  } as Envelope<E['type']>;
}

/** The seed's exact message shape `{ type, timestamp, data }` of an envelope. */
export function toSeedMessage(envelope: Envelope): SeedMessage {
  return { type: envelope.type, timestamp: envelope.timestamp, data: envelope.data } as SeedMessage;
}
