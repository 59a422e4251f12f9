// First, for its side effect: zod/mini's English messages (see locale.ts).
import './locale.js';

export { API_PREFIX, DEFAULT_EVENTS_PAGE, LIMITS, PROTOCOL_VERSION, RAW_WS_PREFIX, SOCKET_IO_PATH } from './constants.js';
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
  idSchema,
  shockInputSchema,
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
  ShockInput,
  ShockType,
  SimulationSnapshot,
  SimulationStatus,
} from './domain.js';
export {
  EVENT_TYPES,
  decisionResolvedDataSchema,
  entityDefaultDataSchema,
  envelopeSchema,
  eventBatchSchema,
  eventDataSchemas,
  eventTypeSchema,
  pendingDecisionDataSchema,
  seedMessageSchema,
  shockAppliedDataSchema,
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
  SimulationDeltaData,
  SimulationStatusData,
  SimulationStepData,
} from './events.js';
export {
  ERROR_CODES,
  decisionAnswerAckSchema,
  decisionAnswerOkSchema,
  decisionAnswerRequestSchema,
  epochSchema,
  errorAckSchema,
  errorCodeSchema,
  pingRequestSchema,
  pongSchema,
  protocolErrorSchema,
  serverNoticeSchema,
  stepEncodingSchema,
  subscribeAckSchema,
  subscribeOkSchema,
  subscribeRequestSchema,
  unsubscribeAckSchema,
  unsubscribeOkSchema,
  unsubscribeRequestSchema,
} from './commands.js';
export type {
  DecisionAnswerAck,
  DecisionAnswerOk,
  DecisionAnswerRequest,
  ErrorAck,
  ErrorCode,
  Pong,
  ProtocolError,
  ServerNotice,
  StepEncoding,
  SubscribeAck,
  SubscribeOk,
  SubscribeRequest,
  UnsubscribeAck,
  UnsubscribeRequest,
} from './commands.js';
export {
  ERROR_HTTP_STATUS,
  createSimulationRequestSchema,
  decisionAnswerBodySchema,
  decisionPolicySchema,
  entityResponseSchema,
  eventsQuerySchema,
  eventsResponseSchema,
  simulationSummarySchema,
  snapshotResponseSchema,
} from './rest.js';
export type {
  CreateSimulationRequest,
  DecisionAnswerBody,
  DecisionPolicy,
  DecisionRecord,
  EntityResponse,
  ErrorBody,
  EventsResponse,
  SimulationSummary,
  SnapshotResponse,
} from './rest.js';
export { applyDelta, diffSnapshots } from './delta.js';
export { toFeedEvent } from './feed.js';
export type { FeedEvent, StepSummaryData, StepSummaryEnvelope } from './feed.js';
export { parseJsonMessage, parseMessage, protocolError } from './parse.js';
export type { ParseResult } from './parse.js';
export { simulationKeys } from './queryKeys.js';
export type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './socket.js';
/** Valid sample data for tests and stories. */
export { sampleEntity, sampleEvents, sampleSnapshot } from './fixtures.js';
