import * as v from 'valibot';
import { LIMITS, PROTOCOL_VERSION } from './constants.js';
import { count, finite, isoDateTime, pathItem, shortText } from './schemaParts.js';
import {
  assetAmountsSchema,
  decisionActionSchema,
  decisionChoiceSchema,
  entityChangeSchema,
  entityTypeSchema,
  exposureSchema,
  idSchema,
  shockTypeSchema,
  simulationSnapshotSchema,
  simulationStatusSchema,
} from './domain.js';
import { simulationCompactDataSchema } from './compactSchemas.js';

export { simulationCompactDataSchema };

const timestep = count();

/** `simulation_step` — the seed's full step: every timestep, with the whole snapshot. */
export const simulationStepDataSchema = v.strictObject({
  timestep,
  snapshot: simulationSnapshotSchema,
  system_health: finite(v.minValue(0), v.maxValue(1)),
  alive_agents: count(),
});

/**
 * `simulation_delta` — the same step as `simulation_step` (same `seq`), carrying only
 * what changed since `base_timestep` (always the previous timestep). Sent to subscribers
 * that ask for `steps: 'delta'`; every `keyframeInterval` steps they get a full step instead.
 */
export const simulationDeltaDataSchema = v.strictObject({
  timestep,
  base_timestep: timestep,
  status: simulationStatusSchema,
  system_health: finite(v.minValue(0), v.maxValue(1)),
  alive_agents: count(),
  prices: assetAmountsSchema,
  changed: v.array(entityChangeSchema),
  /**
   * Claims of the exposure network that changed (closed by a default) or are new, each sent
   * whole and matched by `lender` + `borrower`. Absent when none changed — most steps.
   */
  exposures: v.optional(v.array(exposureSchema)),
});

/** `entity_default` — the seed's fields, plus why it defaulted. */
export const entityDefaultDataSchema = v.strictObject({
  entity_id: idSchema,
  entity_type: entityTypeSchema,
  timestep,
  /** `insolvency` (own losses), `contagion` (losses from defaulted debtors), `liquidity` (a run). */
  cause: v.optional(v.picklist(['insolvency', 'contagion', 'liquidity'])),
  /** Loss (millions) this default passed to creditors through the interbank network. */
  creditor_losses: v.optional(finite(v.minValue(0))),
});

/** `shock_applied` — exactly the seed's fields. */
export const shockAppliedDataSchema = v.strictObject({
  shock_type: shockTypeSchema,
  target: idSchema,
  magnitude: finite(v.minValue(-1), v.maxValue(1)),
  timestep,
});

/** `pending_decision` — the seed's fields plus whose decision it is and its deadline. */
export const pendingDecisionDataSchema = v.strictObject({
  decision_id: idSchema,
  title: shortText(200),
  description: shortText(LIMITS.textLength),
  recommended_action: decisionActionSchema,
  alternative_action: decisionActionSchema,
  entity_id: idSchema,
  timestep,
  /** Last timestep at which an answer is accepted; after it `default_choice` applies. */
  deadline_timestep: timestep,
  /** Wall-clock estimate of the deadline (ISO 8601), or null when the simulation is paused. */
  deadline_at: v.nullable(isoDateTime()),
  default_choice: decisionChoiceSchema,
  /** Whether the simulation waits (paused) until this is decided. */
  pauses_simulation: v.boolean(),
});

/** `decision_resolved` — who or what decided, and which action won. */
export const decisionResolvedDataSchema = v.strictObject({
  decision_id: idSchema,
  choice: decisionChoiceSchema,
  resolved_by: v.picklist(['answer', 'deadline']),
  /** Viewer that answered (socket or REST client label); null when the deadline decided. */
  answered_by: v.nullable(shortText(LIMITS.idLength)),
  timestep,
});

/** A pending decision's wall-clock deadline as it stands after a pause or a resume. */
export const decisionDeadlineSchema = v.strictObject({
  decision_id: idSchema,
  deadline_at: v.nullable(isoDateTime()),
});

/** `simulation_status` — running, paused or finished, and why. */
export const simulationStatusDataSchema = v.strictObject({
  status: simulationStatusSchema,
  reason: v.nullable(shortText(200)),
  timestep,
  /**
   * Pausing stops the clock of every pending decision (`deadline_at` null) and resuming
   * restarts it (a new `deadline_at`): the new deadlines travel with the status change that
   * moved them, so a live viewer's decisions stay equal to a reloaded viewer's. Present only
   * on a pause or resume while decisions are pending.
   */
  deadlines: v.optional(v.pipe(v.array(decisionDeadlineSchema), v.maxLength(1_000))),
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
export const eventTypeSchema = /* @__PURE__ */ v.picklist(EVENT_TYPES);

export type EventDataMap = { [K in EventType]: v.InferOutput<(typeof eventDataSchemas)[K]> };
export type SimulationStepData = EventDataMap['simulation_step'];
export type SimulationDeltaData = EventDataMap['simulation_delta'];
export type SimulationCompactData = EventDataMap['simulation_compact'];
export type { CompactStepData } from './compactSchemas.js';
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
  v: v.literal(PROTOCOL_VERSION),
  seq: count(1),
  simulationId: idSchema,
  timestamp: isoDateTime(),
};

const envelopeVariants = EVENT_TYPES.map((type) =>
  v.strictObject({ ...envelopeBase, type: v.literal(type), data: eventDataSchemas[type] }),
);

/** Any event, checked against its type's data schema (`type` picks the one to check). */
export const envelopeSchema = v.variant('type', envelopeVariants) as unknown as v.GenericSchema<
  unknown,
  Envelope
>;

/**
 * Seed-shaped message schema (no `v`, `seq`, `simulationId`). Marked pure: `map` is a call
 * esbuild keeps when unused, and no browser reads seed messages.
 */
export const seedMessageSchema = /* @__PURE__ */ v.variant(
  'type',
  /* @__PURE__ */ EVENT_TYPES.map((type) =>
    v.strictObject({
      type: v.literal(type),
      timestamp: isoDateTime(),
      data: eventDataSchemas[type],
    }),
  ),
) as unknown as v.GenericSchema<unknown, SeedMessage>;

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

export const eventBatchSchema = v.pipe(
  v.strictObject({
    v: v.literal(PROTOCOL_VERSION),
    simulationId: idSchema,
    fromSeq: count(1),
    toSeq: count(1),
    events: v.pipe(v.array(envelopeSchema), v.maxLength(LIMITS.eventsPerBatch)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const batch = dataset.value;
    if (batch.toSeq < batch.fromSeq) {
      addIssue({ message: 'toSeq must be ≥ fromSeq', path: [pathItem(batch, 'toSeq')] });
    }
    let prev = batch.fromSeq - 1;
    for (const [i, e] of batch.events.entries()) {
      const at = (key: string): [v.IssuePathItem, ...v.IssuePathItem[]] => [
        pathItem(batch, 'events'),
        pathItem(batch.events, i),
        pathItem(e, key),
      ];
      if (e.simulationId !== batch.simulationId) {
        addIssue({ message: 'event belongs to another simulation', path: at('simulationId') });
      }
      if (e.seq <= prev || e.seq > batch.toSeq) {
        addIssue({
          message: 'events must be in increasing seq order within fromSeq..toSeq',
          path: at('seq'),
        });
      }
      prev = e.seq;
    }
  }),
) as unknown as v.GenericSchema<unknown, EventBatch>;

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
