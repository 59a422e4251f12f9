'use client';
/**
 * `@simstream/react/timeline`: time travel through a run — the hook, the controls, and the
 * position type every kit component accepts as `at`.
 */
export { useSimulationTimeline } from './useSimulationTimeline.js';
export type { SimulationTimeline, UseSimulationTimelineOptions } from './useSimulationTimeline.js';
export { RunTimeline } from './RunTimeline.js';
export type { RunTimelineProps } from './RunTimeline.js';
export { useSimulationAt } from './useSimulationAt.js';
export { LIVE, TIMELINE_SPEEDS, timelineReducer } from './timelineMachine.js';
export type {
  TimelineAction,
  TimelineMode,
  TimelineSpeed,
  TimelineState,
} from './timelineMachine.js';
export type { TimelinePosition } from './types.js';
