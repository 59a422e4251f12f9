export { createManualClock, systemClock } from './clock.js';
export type { ManualClock } from './clock.js';
export { EventLog } from './eventLog.js';
export { REPLAY_FRAME_EVENTS, replayFrames, tickBatch } from './frames.js';
export { RUNTIME_DEFAULTS, createHub } from './hub.js';
export { RingBuffer } from './ringBuffer.js';
export { subscribeOk, subscriberView, viewKey } from './views.js';
export type {
  Clock,
  EngineFactory,
  HubEngineConfig,
  HubErrorContext,
  HubOptions,
  HubResult,
  ReplayResult,
  RuntimeDefaults,
  SimulationHub,
  SimulationRuntime,
  SubscriberView,
  TickListener,
} from './types.js';
