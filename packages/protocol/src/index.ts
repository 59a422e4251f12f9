export {
  API_PREFIX,
  DECISIONS_KEPT,
  DEFAULT_EVENTS_PAGE,
  LIMITS,
  PROTOCOL_VERSION,
  RAW_WS_PREFIX,
  SOCKET_IO_PATH,
} from './constants.js';
export {
  ASSET_CLASSES,
  DECISION_CHOICES,
  ENTITY_TYPES,
  SHOCK_TYPES,
  SIMULATION_STATUSES,
  assetAmountsSchema,
  assetClassSchema,
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
export type {
  AssetAmounts,
  AssetClass,
  DecisionAction,
  DecisionChoice,
  EntityChange,
  EntityState,
  EntityType,
  Exposure,
  ShockType,
  SimulationSnapshot,
  SimulationStatus,
} from './domain.js';
export {
  EVENT_TYPES,
  decisionResolvedDataSchema,
  decisionDeadlineSchema,
  entityDefaultDataSchema,
  envelopeSchema,
  eventBatchSchema,
  eventDataSchemas,
  eventTypeSchema,
  pendingDecisionDataSchema,
  seedMessageSchema,
  shockAppliedDataSchema,
  simulationCompactDataSchema,
  simulationDeltaDataSchema,
  simulationStatusDataSchema,
  simulationStepDataSchema,
  toEnvelope,
  toSeedMessage,
} from './events.js';
export type {
  DecisionResolvedData,
  EngineEvent,
  EntityDefaultData,
  Envelope,
  EventBatch,
  EventDataMap,
  EventType,
  PendingDecisionData,
  SeedMessage,
  ShockAppliedData,
  SimulationCompactData,
  CompactStepData,
  SimulationDeltaData,
  SimulationStatusData,
  SimulationStepData,
} from './events.js';
export {
  ERROR_CODES,
  decisionAnswerAckSchema,
  decisionAnswerOkSchema,
  epochSchema,
  errorAckSchema,
  errorCodeSchema,
  pongSchema,
  protocolErrorSchema,
  serverNoticeSchema,
  stepEncodingSchema,
  subscribeAckSchema,
  subscribeOkSchema,
  unsubscribeAckSchema,
  unsubscribeOkSchema,
} from './commands.js';
export type {
  DecisionAnswerAck,
  DecisionAnswerOk,
  ErrorAck,
  ErrorCode,
  Pong,
  ProtocolError,
  ServerNotice,
  StepEncoding,
  SubscribeAck,
  SubscribeOk,
  UnsubscribeAck,
} from './commands.js';
export {
  ERROR_HTTP_STATUS,
  decisionPolicySchema,
  decisionRecordSchema,
  entityResponseSchema,
  eventsResponseSchema,
  modelPresetSchema,
  simulationSummarySchema,
  snapshotResponseSchema,
  timelineResponseSchema,
} from './rest.js';
export type {
  DecisionPolicy,
  DecisionRecord,
  EntityResponse,
  ErrorBody,
  EventsResponse,
  ModelPresetName,
  SimulationSummary,
  SnapshotResponse,
  TimelineResponse,
} from './rest.js';
export {
  createSimulationRequestSchema,
  decisionAnswerBodySchema,
  decisionAnswerRequestSchema,
  eventsQuerySchema,
  pingRequestSchema,
  shockInputSchema,
  subscribeRequestSchema,
  timelineQuerySchema,
  unsubscribeRequestSchema,
} from './requests.js';
export type {
  CreateSimulationRequest,
  DecisionAnswerBody,
  DecisionAnswerRequest,
  ShockInput,
  SubscribeRequest,
  UnsubscribeRequest,
} from './requests.js';
export { applyDelta, diffSnapshots } from './delta.js';
export { reduceSnapshot, type SnapshotStep } from './snapshotReducer.js';
export { applyExposures, diffExposures, exposureKey } from './exposureDelta.js';
export { COMPACT_COLUMNS } from './compactColumns.js';
export { decodeCompactStep, encodeCompactStep } from './compactStep.js';
export { decodeCompactKeyframe, encodeCompactKeyframe } from './compactKeyframe.js';
export type { CompactKeyframe, CompactKeyframeData } from './compactKeyframe.js';
export { parseJsonMessage, parseMessage, protocolError } from './parse.js';
export type { ParseResult } from './parse.js';
export type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from './socket.js';
