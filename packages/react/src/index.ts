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
export type {
  ConnectionState,
  ConnectionStatus,
  RecoveryOutcome,
  SimulationStreamState,
  StreamClient,
  StreamClientOptions,
} from '@simstream/client';
export {
  ALL_EVENT_TYPES,
  DEFAULT_FEED_RETENTION,
  DecisionActionOption,
  DecisionPromptView,
  EVENT_FEED_CATEGORIES,
  EVENT_ROW_HEIGHT,
  EventFeedFilter,
  EventFeedRow,
  EventFeedView,
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
  DecisionPromptState,
  DecisionPromptViewProps,
  EventFeedCategory,
  EventFeedFilterProps,
  EventFeedRowProps,
  EventFeedState,
  EventFeedViewProps,
  EventSummary,
  EventTone,
  LiveIndicatorModel,
  LiveIndicatorState,
  LiveIndicatorViewProps,
} from './components/index.js';
// The connected components are not in components/index.ts yet; exported from their files.
export { DecisionPrompt } from './components/DecisionPrompt.js';
export type { DecisionPromptProps } from './components/DecisionPrompt.js';
export { EventFeed } from './components/EventFeed.js';
export type { EventFeedProps } from './components/EventFeed.js';
export { LiveIndicator } from './components/LiveIndicator.js';
export type { LiveIndicatorProps } from './components/LiveIndicator.js';
