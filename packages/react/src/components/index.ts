'use client';
// The kit's components. Each is a presentational `XView` (pure props: stories, tests,
// custom wiring) and a connected `X` reading the hooks.
export { DecisionActionOption } from './DecisionActionOption.js';
export type { DecisionActionOptionProps } from './DecisionActionOption.js';
export {
  describeDeadline,
  getDecisionPromptState,
  getWinningChoice,
} from './decisionPromptState.js';
export type {
  AnswerStatus,
  DecisionPromptInput,
  DecisionPromptState,
} from './decisionPromptState.js';
export { DecisionPromptView } from './DecisionPromptView.js';
export type { DecisionPromptViewProps } from './DecisionPromptView.js';
export { EventFeedFilter } from './EventFeedFilter.js';
export type { EventFeedFilterProps } from './EventFeedFilter.js';
export {
  ALL_EVENT_TYPES,
  EVENT_FEED_CATEGORIES,
  describeEvent,
  selectFeedEvents,
} from './eventFeedModel.js';
export type {
  EventFeedCategory,
  EventFeedItem,
  EventSummary,
  EventTone,
} from './eventFeedModel.js';
export { EVENT_ROW_HEIGHT, EventFeedRow } from './EventFeedRow.js';
export type { EventFeedRowProps } from './EventFeedRow.js';
export { getEventFeedState } from './eventFeedState.js';
export type { EventFeedState } from './eventFeedState.js';
export { EventFeedView } from './EventFeedView.js';
export type { EventFeedViewProps } from './EventFeedView.js';
export { getLiveIndicatorState } from './liveIndicatorState.js';
export type { LiveIndicatorModel, LiveIndicatorState } from './liveIndicatorState.js';
export { LiveIndicatorView } from './LiveIndicatorView.js';
export type { LiveIndicatorViewProps } from './LiveIndicatorView.js';
export { DecisionPrompt } from './DecisionPrompt.js';
export type { DecisionPromptProps } from './DecisionPrompt.js';
export { EventFeed } from './EventFeed.js';
export type { EventFeedProps } from './EventFeed.js';
export { LiveIndicator } from './LiveIndicator.js';
export type { LiveIndicatorProps } from './LiveIndicator.js';
export { cn } from '../lib/cn.js';
