import {
  type SimulationHub,
  type SimulationRuntime,
  type SubscriberView,
  replayFrames,
  subscribeOk,
  subscriberView,
  tickBatch,
  viewKey,
} from '@simstream/hub';
import {
  type DecisionAnswerAck,
  type Envelope,
  type ErrorAck,
  type ErrorCode,
  type EventBatch,
  type ProtocolError,
  type SubscribeAck,
  decisionAnswerRequestSchema,
  parseMessage,
  pingRequestSchema,
  protocolError,
  subscribeRequestSchema,
  unsubscribeRequestSchema,
} from '@simstream/protocol';
import type { WireCommand, WireSocket } from './socketIoWire.js';

interface Connection {
  socket: WireSocket;
  viewerId: string;
  /** Subscription bookkeeping the binding lacks (it has no rooms): simulation id → view. */
  subscriptions: Map<string, SubscriberView>;
}

/** Faults the mock server can be put in. */
export interface ServerFaults {
  /** Refuse WebSockets (closed at once) and fail REST with a network error. */
  down: boolean;
  /** Refuse the Socket.IO handshake and REST with `unauthorized`. */
  unauthorized: boolean;
}

const errorAck = (
  code: ErrorCode,
  message: string,
  issues?: ProtocolError['issues'],
): ErrorAck => ({
  ok: false,
  error: protocolError(code, message, issues),
});

/**
 * The mock's server: the Socket.IO command handlers and the per-simulation fan-out of
 * apps/server, rebuilt above the msw binding (which has no rooms or broadcast), on the same
 * hub runtime the server uses, so seqs, replay, resync and decision arbitration are real.
 *
 * @example
 * const server = new MockServer(hub);
 * link.addEventListener('connection', (c) => server.accept(acceptSocketIo(c, server.wireOptions)));
 */
export class MockServer {
  readonly faults: ServerFaults = { down: false, unauthorized: false };
  readonly #connections = new Map<string, Connection>();
  readonly #listening = new Map<string, { runtime: SimulationRuntime; stop: () => void }>();
  #viewerCount = 0;

  constructor(private readonly hub: SimulationHub) {}

  /** Options for `acceptSocketIo`, bound to this server. */
  readonly wireOptions = {
    onCommand: (socket: WireSocket, command: WireCommand) => this.#onCommand(socket, command),
    onClose: (socket: WireSocket) => this.#onClose(socket),
  };

  /** Register an accepted socket. Viewer labels are stable per connection: `viewer-1`, … */
  accept(socket: WireSocket): void {
    this.#viewerCount += 1;
    this.#connections.set(socket.id, {
      socket,
      viewerId: `viewer-${this.#viewerCount}`,
      subscriptions: new Map(),
    });
  }

  /** Open Socket.IO connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Subscribers of one simulation (for `summary().viewers`). */
  viewers(simulationId: string): number {
    let count = 0;
    for (const connection of this.#connections.values())
      if (connection.subscriptions.has(simulationId)) count++;
    return count;
  }

  /** Close every open connection; clients see a transport close and reconnect. */
  dropAll(code?: number): void {
    for (const { socket } of [...this.#connections.values()]) socket.close(code);
  }

  /** Make every open connection half-open (open, but silently dropping all packets). */
  silenceAll(): void {
    for (const { socket } of this.#connections.values()) socket.goSilent();
  }

  dispose(): void {
    this.dropAll();
    for (const { stop } of this.#listening.values()) stop();
    this.#listening.clear();
  }

  #onClose(socket: WireSocket): void {
    this.#connections.delete(socket.id);
  }

  #onCommand(socket: WireSocket, command: WireCommand): void {
    const connection = this.#connections.get(socket.id);
    if (!connection) return;
    let response: unknown;
    try {
      response = this.#handle(connection, command);
    } catch {
      response = errorAck('internal', 'The mock server failed to handle this message; try again.');
    }
    command.ack?.(response);
  }

  #handle(connection: Connection, command: WireCommand): unknown {
    switch (command.event) {
      case 'subscribe':
        return this.#subscribe(connection, command.payload);
      case 'unsubscribe': {
        const parsed = parseMessage(unsubscribeRequestSchema, command.payload, 'unsubscribe');
        if (!parsed.ok) return { ok: false, error: parsed.error };
        const { simulationId } = parsed.value;
        if (!connection.subscriptions.delete(simulationId)) {
          return errorAck(
            'not_subscribed',
            `This connection is not subscribed to "${simulationId}".`,
          );
        }
        return { ok: true, simulationId };
      }
      case 'decision:answer':
        return this.#answer(connection, command.payload);
      case 'ping': {
        const parsed = parseMessage(pingRequestSchema, command.payload ?? { type: 'ping' }, 'ping');
        if (!parsed.ok) return { ok: false, error: parsed.error };
        return { type: 'pong', timestamp: new Date().toISOString() };
      }
      default:
        return errorAck('invalid_message', `Unknown command "${command.event}".`);
    }
  }

  /** Subscribe then replay synchronously (no tick can run in between: no gap, no duplicate). */
  #subscribe(connection: Connection, payload: unknown): SubscribeAck {
    const parsed = parseMessage(subscribeRequestSchema, payload, 'subscribe');
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const { simulationId, sinceSeq, epoch } = parsed.value;
    const runtime = this.hub.get(simulationId);
    if (!runtime) return this.#unknown(simulationId);
    const view = subscriberView(parsed.value);
    this.#listen(runtime);
    connection.subscriptions.set(simulationId, view);
    if (sinceSeq === undefined) return subscribeOk(runtime);
    const replay = runtime.replay(sinceSeq, epoch);
    if (replay.resync) return subscribeOk(runtime, replay);
    const viewed = runtime.viewFor(replay.events, view);
    for (const frame of replayFrames(simulationId, replay.events, viewed)) {
      connection.socket.emit('events', frame);
    }
    return subscribeOk(runtime, replay, viewed.length);
  }

  #answer(connection: Connection, payload: unknown): DecisionAnswerAck {
    const parsed = parseMessage(decisionAnswerRequestSchema, payload, 'decision:answer');
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const { simulationId, decisionId, choice, idempotencyKey } = parsed.value;
    const runtime = this.hub.get(simulationId);
    if (!runtime) return this.#unknown(simulationId);
    return runtime.answerDecision({
      decisionId,
      choice,
      idempotencyKey,
      answeredBy: connection.viewerId,
    });
  }

  #unknown(simulationId: string): ErrorAck {
    return errorAck(
      'unknown_simulation',
      `No simulation "${simulationId}"; list the running ones with GET /api/v1/simulations.`,
    );
  }

  /** Listen to a runtime once; each tick is encoded once per distinct view and sent to its subscribers. */
  #listen(runtime: SimulationRuntime): void {
    const existing = this.#listening.get(runtime.id);
    if (existing?.runtime === runtime) return;
    existing?.stop();
    const stop = runtime.onEvents((events) => this.#fanOut(runtime, events));
    this.#listening.set(runtime.id, { runtime, stop });
  }

  #fanOut(runtime: SimulationRuntime, events: readonly Envelope[]): void {
    const byView = new Map<string, EventBatch | null>();
    for (const connection of this.#connections.values()) {
      const view = connection.subscriptions.get(runtime.id);
      if (!view) continue;
      const key = viewKey(view);
      let frame = byView.get(key);
      if (frame === undefined) {
        frame = tickBatch(runtime.id, events, runtime.viewFor(events, view));
        byView.set(key, frame);
      }
      if (frame) connection.socket.emit('events', frame);
    }
  }
}
