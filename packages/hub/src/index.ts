export { createManualClock, systemClock } from './clock.js';
export type { ManualClock } from './clock.js';
export { DecisionBook } from './decisionBook.js';
export { newEpoch } from './epoch.js';
export { EventLog } from './eventLog.js';
export { LoggedSimulation } from './loggedSimulation.js';
export { OrderedDelivery } from './runtime/delivery.js';
export { type MaybePromise, whenReady } from './maybePromise.js';
export { withRuntime } from './core/withRuntime.js';
export { createSimulationRuntime } from './runtime.js';
export type { RuntimeOptions } from './runtime.js';
export { RUNTIME_CHECKPOINT_VERSION, parseRuntimeCheckpoint } from './runtime/checkpoint.js';
export type { RuntimeCheckpoint } from './runtime/checkpoint.js';
export { timelineAt } from './timeline.js';
export type { RunStart } from './timeline.js';
export { REPLAY_FRAME_EVENTS, replayFrames, tickBatch } from './frames.js';
export {
  RUNTIME_DEFAULTS,
  createHub,
  generateSimulationId,
  hubRuntimeDefaults,
  presetSettings,
  resolveSimulationRequest,
} from './hub.js';
export { RingBuffer } from './ringBuffer.js';
export { subscribeOk, subscriberView, viewKey } from './views.js';
export type {
  Clock,
  CoreHub,
  CoreRuntime,
  EngineFactory,
  EngineRestorer,
  HubEngineConfig,
  HubErrorContext,
  HubOptions,
  ControlRefusal,
  HubResult,
  ReplayResult,
  RuntimeDefaults,
  SimulationHub,
  SimulationRuntime,
  SubscriberView,
  TickListener,
} from './types.js';
export { ROLES, authorize, maySee } from './core/access.js';
export type { Access, Grant, Role } from './core/access.js';
export { CLIENT_COMMANDS, errorAck, unknownSimulation } from './core/commands.js';
export type { ClientCommand } from './core/commands.js';
export type { ConnectionSink, CoreConnection } from './core/connection.js';
export { Fanout, simulationRoom } from './core/fanout.js';
export { REPLAY_PAGE_BYTES, envelopeBytes, nextReplayPage } from './core/replayPager.js';
export type { FanoutObserver, FanoutOptions, RawViewer } from './core/fanout.js';
export { createMemoryFetch } from './core/memoryFetch.js';
export type { MemoryFaults } from './core/memoryFaults.js';
export { MemorySocket, createMemoryServer } from './core/memoryTransport.js';
export type {
  MemoryServer,
  MemoryServerOptions,
  MemoryTransportOptions,
} from './core/memoryTransport.js';
export { matchRestRoute, parseJsonBody } from './core/routeMatching.js';
export { createRestRoutes, restError } from './core/routes.js';
export type { RestPolicy, RestRequest, RestResponse, RestRoute } from './core/routes.js';
export { createServerCore, errorCodeOf } from './core/serverCore.js';
export type { ConnectionIdentity, ServerCore, ServerCoreOptions } from './core/serverCore.js';
