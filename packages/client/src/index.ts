export { createStreamClient, IDLE_SNAPSHOT } from './streamClient.js';
export type { StreamClient, StreamClientOptions } from './streamClient.js';
export { getStreamClient } from './registry.js';
export { currentToken, socketIoTransport } from './transport.js';
export type {
  AuthToken,
  ReservedSocketEvents,
  StreamSocket,
  StreamSocketListenEvents,
  TransportFactory,
  TransportOptions,
} from './transport.js';
export { browserWakeSignals, globalTimers } from './environment.js';
export type { Timers, WakeSignals } from './environment.js';
export { createMemoryStorage, defaultStorage } from './outbox.js';
export { createRestClient, StreamRequestError } from './rest.js';
export type { ControlAction, RestClient, RestOptions } from './rest.js';
export type { RequestOptions } from './deadline.js';
export { reduceSnapshot, type SnapshotStep } from '@simstream/protocol';
export { currentRun, DEFAULT_EVENT_RETENTION, isRunStart, mergeEvents } from './eventsList.js';
export { toFeedEvent } from './feed.js';
export type { FeedEvent, StepSummaryData, StepSummaryEnvelope } from './feed.js';
export { simulationKeys } from './queryKeys.js';
export type { TimelineRun } from './queryKeys.js';
export { applyDecisionEvents, newestPending } from './decisionsList.js';
export { frameScheduler } from './scheduler.js';
export type { FlushScheduler } from './scheduler.js';
export { connectQueryCache, findQueryCacheBridge } from './cacheBridge.js';
export type { QueryCacheBridge, QueryCacheOptions, QueryCacheTarget } from './cacheBridge.js';
export { simulationQueries } from './queries.js';
export type { SimulationQuery } from './queries.js';
export type {
  ConnectionState,
  ConnectionStatus,
  DecisionAnswerAck,
  DecisionAnswerInput,
  OutboxStorage,
  PendingAnswer,
  RecoveryOutcome,
  SimulationStreamState,
  StreamClientSnapshot,
  WatchOptions,
} from './types.js';
