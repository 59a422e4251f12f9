import {
  type Clock,
  type SimulationHub,
  type SimulationRuntime,
  createHub,
  createServerCore,
  systemClock,
} from '@simstream/hub';
import { type WebSocketHandler, type HttpHandler, ws } from 'msw';
import { type MockControls, createControls } from './controls.js';
import { MockServer } from './mockServer.js';
import { createRestHandlers } from './restHandlers.js';
import { type MockScenario, type ScenarioName, scenarios } from './scenarios.js';
import { acceptSocketIo, failConnection, refuseSocketIo } from './socketIoWire.js';

/** The origin the mock answers on unless told otherwise; give it to the client as `url`. */
export const MOCK_URL = 'http://sim.test';

export interface MockStreamOptions {
  /** A built-in scenario name or your own scenario. Default `calmMarket`. */
  scenario?: ScenarioName | MockScenario;
  /** Engine seed: same seed, same events. Default 42. */
  seed?: number;
  /** Server origin the handlers answer (`http(s)://host`); the socket is the `ws(s)://` of it. */
  url?: string;
  /** Id of the simulation the scenario creates. Default `mock-sim`. */
  simulationId?: string;
  /** Time source: real timers by default; `createManualClock()` in deterministic tests. */
  clock?: Clock;
  /**
   * How fast the scenario unfolds: `2` runs its steps and scheduled faults twice as often,
   * `0.5` half as often. Only timers are scaled; timestamps stay on the clock's time.
   * Default 1.
   */
  speed?: number;
}

/** A running mock stream. Hand `handlers` to msw; dispose when the story or test ends. */
export interface MockStream {
  /** msw handlers: the REST API and the Socket.IO stream. */
  handlers: Array<HttpHandler | WebSocketHandler>;
  hub: SimulationHub;
  runtime: SimulationRuntime;
  simulationId: string;
  url: string;
  controls: MockControls;
  /** Open Socket.IO connections right now. */
  connectionCount(): number;
  dispose(): void;
}

/**
 * A mock simulation server that runs the real engine through the real hub and speaks the
 * real protocol (REST + Socket.IO) behind msw, so stories and tests exercise the real client.
 *
 * @example
 * const mock = createMockStream({ scenario: 'crashWithContagion', seed: 7 });
 * worker.use(...mock.handlers);
 * const client = createStreamClient({ url: mock.url });
 * // … later
 * mock.dispose();
 */
export function createMockStream(options: MockStreamOptions = {}): MockStream {
  const scenario: MockScenario =
    typeof options.scenario === 'object'
      ? options.scenario
      : scenarios[options.scenario ?? 'calmMarket'];
  const url = (options.url ?? MOCK_URL).replace(/\/$/, '');
  const clock = atSpeed(options.clock ?? systemClock, options.speed ?? 1);
  const simulationId = options.simulationId ?? 'mock-sim';

  const hub = createHub({ clock, ...scenario.hub });
  const created = hub.create({
    ...scenario.simulation,
    id: simulationId,
    seed: options.seed ?? scenario.simulation.seed ?? 42,
  });
  if (!created.ok) throw new Error(`createMockStream: ${created.error.message}`);
  const runtime = created.value;
  const server = new MockServer(createServerCore({ hub, clock }));
  const timers = new Set<() => void>();
  const controls = createControls(server, runtime, clock, timers);

  // msw matches Socket.IO URLs by origin: a pattern with the `/socket.io/` path never matches.
  const link = ws.link(url.replace(/^http/, 'ws'));
  const socketHandler = link.addEventListener('connection', (connection) => {
    if (server.faults.down) {
      failConnection(connection);
      return;
    }
    if (server.faults.unauthorized) {
      refuseSocketIo(connection, {
        code: 'unauthorized',
        message: 'A valid token is required in auth.token.',
      });
      return;
    }
    server.accept(acceptSocketIo(connection, server.wireOptions));
  });

  scenario.setup?.({ runtime, controls });

  let disposed = false;
  return {
    handlers: [...createRestHandlers({ origin: url, server }), socketHandler],
    hub,
    runtime,
    simulationId,
    url,
    controls,
    connectionCount: () => server.connectionCount,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const stop of [...timers]) stop();
      server.dispose();
      hub.dispose();
    },
  };
}

/**
 * The clock with its timers `speed` times faster: the step timer, deadlines and every
 * scheduled fault keep their proportions, so a scenario plays the same story, faster.
 *
 * @example
 * atSpeed(systemClock, 2).setInterval(step, 1000); // steps every 500 ms
 */
function atSpeed(clock: Clock, speed: number): Clock {
  if (!(speed > 0 && Number.isFinite(speed))) {
    throw new RangeError(`createMockStream: speed must be a positive number, got ${speed}`);
  }
  if (speed === 1) return clock;
  return {
    now: () => clock.now(),
    setInterval: (fn, ms) => clock.setInterval(fn, ms / speed),
    clearInterval: (handle) => clock.clearInterval(handle),
  };
}
