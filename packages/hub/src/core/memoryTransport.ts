import { idSchema, parseMessage } from '@simstream/protocol';
import { createManualClock, type ManualClock } from '../clock.js';
import { createHub } from '../hub.js';
import { whenReady } from '../maybePromise.js';
import type { Clock, HubOptions, SimulationHub } from '../types.js';
import type { CoreConnection } from './connection.js';
import { createMemoryFetch } from './memoryFetch.js';
import { type DeliveryKind, FaultState, type MemoryFaults } from './memoryFaults.js';
import type { RestPolicy } from './routes.js';
import { type ServerCore, createServerCore } from './serverCore.js';

type Listener = (...args: never[]) => void;

/** What the client's transport factory passes (`TransportOptions` of `@simstream/client`). */
export interface MemoryTransportOptions {
  url: string;
  /** Unused in memory (no auth); typed like the client's `AuthToken` so factories fit. */
  auth?: string | (() => string | Promise<string>);
  viewerId?: string;
}

/** Socket.IO's reserved events, as the in-memory socket fires them. */
const DISCONNECT_BY_CLIENT = 'io client disconnect';

interface Wire {
  core: ServerCore;
  faults: FaultState;
  commands: Array<{ event: string; payload: unknown }>;
  nextViewer(): string;
  countAttempt(): void;
}

/**
 * The client end of one in-memory connection: the socket-like shape `@simstream/client`
 * drives (`connected`, `connect`, `disconnect`, `on`, `off`, `emit`), wired straight to the
 * server core. Connecting takes a microtask, like a real handshake.
 */
export class MemorySocket {
  connected = false;
  /** Set by `faults.halfOpen()`: open, but nothing passes either way. */
  silent = false;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #wire: Wire;
  readonly #viewerId: string;
  #connection: CoreConnection | null = null;
  /** Bumped on every close, so deliveries scheduled for an older connection are dropped. */
  #generation = 0;

  constructor(wire: Wire, options: MemoryTransportOptions) {
    this.#wire = wire;
    const label = parseMessage(idSchema, options.viewerId, 'viewerId');
    this.#viewerId = label.ok ? label.value : wire.nextViewer();
  }

  connect(): void {
    this.#wire.countAttempt();
    queueMicrotask(() => this.#handshake());
  }

  disconnect(): void {
    this.#close(DISCONNECT_BY_CLIENT);
  }

  /** The server side closes the connection (network loss, restart): `disconnect` with `reason`. */
  drop(reason = 'transport close'): void {
    this.#close(reason);
  }

  on(event: string, listener: Listener): void {
    const set = this.#listeners.get(event) ?? new Set<Listener>();
    this.#listeners.set(event, set);
    set.add(listener);
  }

  off(event: string, listener: Listener): void {
    this.#listeners.get(event)?.delete(listener);
  }

  emit(event: string, ...args: unknown[]): void {
    if (!this.connected || !this.#connection || this.silent) return;
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (response: unknown) => void) : null;
    const payload = ack && args.length === 1 ? undefined : args[0];
    this.#wire.commands.push({ event, payload });
    whenReady(this.#connection.handle(event, payload), (response) => {
      if (ack && !this.#wire.faults.unanswered.has(event))
        this.#deliver('ack', () => ack(response));
    });
  }

  /** Deliver a server → client event as if it came over the wire (tests inject odd frames). */
  receive(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      (listener as (...a: unknown[]) => void)(...args);
    }
  }

  #handshake(): void {
    if (this.connected) return;
    const { faults, core } = this.#wire;
    if (faults.isDown || faults.refusal) {
      const refusal = faults.refusal;
      const error = Object.assign(new Error(refusal ? refusal.code : 'websocket error'), {
        data: refusal ?? undefined,
      });
      this.receive('connect_error', error);
      return;
    }
    this.silent = false;
    this.#connection = core.connect(
      {
        send: (batch) => this.#deliver('events', () => this.receive('events', batch)),
        notice: (notice) => this.#deliver('notice', () => this.receive('notice', notice)),
      },
      { id: `memory-${this.#generation}-${this.#viewerId}`, viewerId: this.#viewerId },
    );
    this.connected = true;
    this.receive('connect');
  }

  #deliver(kind: DeliveryKind, send: () => void): void {
    const generation = this.#generation;
    this.#wire.faults.deliver(kind, () => {
      if (generation === this.#generation && this.connected && !this.silent) send();
    });
  }

  #close(reason: string): void {
    if (!this.connected) return;
    this.connected = false;
    this.#generation += 1;
    this.#connection?.close();
    this.#connection = null;
    this.receive('disconnect', reason);
  }
}

export interface MemoryServerOptions<C extends Clock> {
  /** Time source for the hub, pongs and delays. Default: a manual clock at 2025-01-01T00:00:00Z. */
  clock?: C;
  /** Hub options (log capacity, keyframe interval, an engine factory, …). */
  hub?: Omit<HubOptions, 'clock'>;
  policy?: RestPolicy;
}

/** A whole server in memory: the real hub and core, a client transport, a `fetch`, faults. */
export interface MemoryServer<C extends Clock = ManualClock> {
  readonly clock: C;
  readonly hub: SimulationHub;
  readonly core: ServerCore;
  /** Hand to `createStreamClient({ transport })`; each call makes one socket. */
  readonly transport: (options: MemoryTransportOptions) => MemorySocket;
  /** Hand to `createStreamClient({ fetch })`: the REST table of the core. */
  readonly fetch: typeof fetch;
  readonly faults: MemoryFaults;
  /** Every socket the transport made, oldest first; `socket` is the newest. */
  readonly sockets: readonly MemorySocket[];
  readonly socket: MemorySocket;
  /** Every command a client sent, in order. */
  readonly commands: ReadonlyArray<{ event: string; payload: unknown }>;
  /** Path of every REST call, in order. */
  readonly restCalls: readonly string[];
  /** Connect attempts over all sockets. */
  readonly connectAttempts: number;
  dispose(): void;
}

/** The fault controls over the transport's state and its sockets. */
function createFaults(state: FaultState, sockets: readonly MemorySocket[]): MemoryFaults {
  const dropAll = (reason?: string) => {
    for (const socket of sockets) socket.drop(reason);
  };

  return {
    down() {
      state.isDown = true;
      dropAll();
    },
    up() {
      state.isDown = false;
    },
    refuse(data) {
      state.refusal = data;
    },
    drop: dropAll,
    halfOpen() {
      for (const socket of sockets) if (socket.connected) socket.silent = true;
    },
    unanswered: state.unanswered,
    delay(ms) {
      state.delayMs = Math.max(0, ms);
    },
    dropFrames: (n = 1) => state.lose(n),
    duplicateFrames: (n = 1) => state.double(n),
    holdFrames: () => state.hold(),
  };
}

/**
 * The server core behind an in-memory transport, for unit tests of clients: the real hub
 * (seq, log, replay, deltas, decisions once) on a manual clock, with faults on demand.
 *
 * @example
 * const server = createMemoryServer();
 * server.hub.create({ id: 'sim', autoStart: true, stepIntervalMs: 1000 });
 * const client = createStreamClient({ url: 'http://sim.test', transport: server.transport, fetch: server.fetch });
 * server.clock.advance(3000);          // three steps reach the client
 * server.faults.drop();                // it reconnects and replays from lastSeq
 */
export function createMemoryServer<C extends Clock = ManualClock>(
  options: MemoryServerOptions<C> = {},
): MemoryServer<C> {
  const clock = (options.clock ?? createManualClock(Date.parse('2025-01-01T00:00:00.000Z'))) as C;
  const hub = createHub({ ...options.hub, clock });
  const core = createServerCore({
    hub,
    clock,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  const state = new FaultState(clock);
  const sockets: MemorySocket[] = [];
  const commands: Array<{ event: string; payload: unknown }> = [];
  const restCalls: string[] = [];
  let connectAttempts = 0;
  let viewers = 0;
  const wire: Wire = {
    core,
    faults: state,
    commands,
    nextViewer() {
      viewers += 1;
      return `viewer-${viewers}`;
    },
    countAttempt() {
      connectAttempts += 1;
    },
  };
  const faults = createFaults(state, sockets);

  return {
    clock,
    hub,
    core,
    transport(transportOptions) {
      const socket = new MemorySocket(wire, transportOptions);
      sockets.push(socket);
      return socket;
    },
    fetch: createMemoryFetch(core.routes, { isDown: () => state.isDown, calls: restCalls }),
    faults,
    sockets,
    get socket() {
      const socket = sockets[sockets.length - 1];
      if (!socket) throw new Error('No socket yet: the client has not connected.');
      return socket;
    },
    commands,
    restCalls,
    get connectAttempts() {
      return connectAttempts;
    },
    dispose() {
      faults.drop();
      core.dispose();
      hub.dispose();
    },
  };
}
