'use client';
export { SimulationStreamProvider } from './SimulationStreamProvider.js';
export type {
  SimulationStreamOptions,
  SimulationStreamProviderProps,
} from './SimulationStreamProvider.js';
export { SimulationStreamContext } from './context.js';
export type { SimulationStreamContextValue } from './context.js';
export { useStreamClient } from './useStreamClient.js';
export { useConnectionState } from './useConnectionState.js';
export { useSimulationStream } from './useSimulationStream.js';
export { useWebSocket } from './useWebSocket.js';
export type { UseWebSocketOptions, UseWebSocketResult } from './useWebSocket.js';
export { useSimulationSnapshot } from './useSimulationSnapshot.js';
export { useSimulationEvents } from './useSimulationEvents.js';
export { useDecisions } from './useDecisions.js';
export { usePendingDecision } from './usePendingDecision.js';
export { useAnswerDecision } from './useAnswerDecision.js';
export type { AnswerDecisionStatus, UseAnswerDecisionResult } from './useAnswerDecision.js';
export { useEntity } from './useEntity.js';
export { useSimulations } from './useSimulations.js';
export { useCreateSimulation } from './useCreateSimulation.js';
export { useApplyShock } from './useApplyShock.js';
export { useSimulationControl } from './useSimulationControl.js';
export { useLiveSimulation } from './bridge/useLiveSimulation.js';
export { DEFAULT_EVENT_RETENTION, simulationKeys, toFeedEvent } from '@simstream/client';
export type {
  ConnectionState,
  ConnectionStatus,
  FeedEvent,
  RecoveryOutcome,
  SimulationStreamState,
  StepSummaryData,
  StepSummaryEnvelope,
  StreamClient,
  StreamClientOptions,
} from '@simstream/client';
export {
  ALL_EVENT_TYPES,
  DecisionActionOption,
  DecisionPrompt,
  DecisionPromptView,
  EVENT_FEED_CATEGORIES,
  EVENT_ROW_HEIGHT,
  EventFeed,
  EventFeedFilter,
  EventFeedRow,
  EventFeedView,
  LiveIndicator,
  LiveIndicatorView,
  cn,
  describeDeadline,
  describeEvent,
  getDecisionPromptState,
  getEventFeedState,
  getLiveIndicatorState,
  getWinningChoice,
  selectFeedEvents,
} from './components/index.js';
export type {
  AnswerStatus,
  DecisionActionOptionProps,
  DecisionPromptInput,
  DecisionPromptProps,
  DecisionPromptState,
  DecisionPromptViewProps,
  EventFeedCategory,
  EventFeedItem,
  EventFeedFilterProps,
  EventFeedProps,
  EventFeedRowProps,
  EventFeedState,
  EventFeedViewProps,
  EventSummary,
  EventTone,
  LiveIndicatorModel,
  LiveIndicatorProps,
  LiveIndicatorState,
  LiveIndicatorViewProps,
} from './components/index.js';
