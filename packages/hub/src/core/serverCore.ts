import type { ErrorCode } from '@simstream/protocol';
import { systemClock } from '../clock.js';
import type { MaybePromise } from '../maybePromise.js';
import type { Clock, CoreHub, SimulationHub, SubscriberView } from '../types.js';
import type { Grant } from './access.js';
import { CLIENT_COMMANDS, type ClientCommand, createCommands, errorAck } from './commands.js';
import type { ConnectionSink, CoreConnection } from './connection.js';
import { Fanout, type FanoutOptions } from './fanout.js';
import { type RestPolicy, type RestRoute, createRestRoutes } from './routes.js';

export interface ServerCoreOptions<H extends CoreHub = SimulationHub> {
  hub: H;
  /** Time for pongs; the hub's clock, so a manual clock moves them too. Default: real time. */
  clock?: Clock;
  /** How frames reach rooms, and who counts them. */
  fanout?: FanoutOptions;
  /** Admission rules of the REST routes (work budget, protected simulations). */
  policy?: RestPolicy;
  /** A command handler threw; the client got an `internal` ack. Default: ignore. */
  onCommandError?(error: unknown, context: { event: string; connectionId: string }): void;
}

/**
 * The whole server behaviour, transport-free: commands → acks, the REST table, and the
 * fan-out of every simulation of the hub to its viewers. `apps/server` (Fastify, Socket.IO,
 * ws), `@simstream/mock` (msw) and `createMemoryTransport` (tests) are adapters around it.
 */
export interface ServerCore<H extends CoreHub = SimulationHub> {
  readonly hub: H;
  readonly fanout: Fanout;
  /** The REST API under `/api/v1`, as rows to register. */
  readonly routes: readonly RestRoute[];
  /**
   * A client connected through `sink`: its commands run through the returned connection,
   * each checked against `identity.grant` (its token's role and simulations) when given.
   */
  connect(sink: ConnectionSink, identity: ConnectionIdentity): CoreConnection;
  /** Stop the fan-out (the hub is the caller's to dispose). */
  dispose(): void;
}

/** Who a connection is: the transport's id, its `answered_by` label, and its token's grant. */
export interface ConnectionIdentity {
  id: string;
  viewerId: string;
  grant?: Grant;
}

/** What every connection of one core shares (one object, not closures per connection). */
interface ConnectionContext {
  commands: ReturnType<typeof createCommands>;
  fanout: Fanout;
  onCommandError?: ServerCoreOptions<CoreHub>['onCommandError'];
}

/**
 * A connection of the core. A class rather than an object of closures: a server holds
 * thousands of idle connections, and methods on the prototype cost none of them anything.
 */
class Connection implements CoreConnection {
  readonly id: string;
  readonly viewerId: string;
  declare readonly grant?: Grant;
  readonly subscriptions = new Map<string, SubscriberView>();
  readonly #context: ConnectionContext;
  #closed = false;
  /**
   * The subscribe or unsubscribe still running (a cluster node's subscribe waits to catch up
   * with the log): the next one runs after it, so they take effect in the order sent.
   */
  #membership: Promise<unknown> | null = null;

  constructor(
    context: ConnectionContext,
    readonly sink: ConnectionSink,
    identity: ConnectionIdentity,
  ) {
    this.#context = context;
    this.id = identity.id;
    this.viewerId = identity.viewerId;
    if (identity.grant) (this as { grant?: Grant }).grant = identity.grant;
  }

  handle(event: string, payload: unknown): MaybePromise<object> {
    if (!isCommand(event)) {
      return errorAck(
        'invalid_message',
        `Unknown event; send one of: ${CLIENT_COMMANDS.join(', ')}.`,
      );
    }
    const failed = (error: unknown) => {
      this.#context.onCommandError?.(error, { event, connectionId: this.id });
      return errorAck('internal', 'The server failed to handle this message; try again.');
    };
    const run = () => {
      try {
        const ack = this.#context.commands[event](this, payload);
        return ack instanceof Promise ? ack.catch(failed) : ack;
      } catch (error) {
        return failed(error);
      }
    };
    if (event !== 'subscribe' && event !== 'unsubscribe') return run();
    const ack = this.#membership ? this.#membership.then(run) : run();
    if (ack instanceof Promise) {
      this.#membership = ack;
      void ack.then(() => {
        if (this.#membership === ack) this.#membership = null;
      });
    }
    return ack;
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
    this.#context.fanout.dropConnection(this);
  }
}

const isCommand = (event: string): event is ClientCommand =>
  (CLIENT_COMMANDS as readonly string[]).includes(event);

/**
 * The code of an error ack, or null for a success — adapters count errors with it.
 *
 * @example
 * const code = errorCodeOf(ack); if (code) metrics.errors.inc({ code });
 */
export function errorCodeOf(ack: unknown): ErrorCode | null {
  const failed = ack as { ok?: unknown; error?: { code?: unknown } } | null;
  return failed?.ok === false && typeof failed.error?.code === 'string'
    ? (failed.error.code as ErrorCode)
    : null;
}

/**
 * Build the server core around a hub.
 *
 * @example
 * const core = createServerCore({ hub, fanout: { broadcast: (room, batch) => io.to(room).emit('events', batch) } });
 * const connection = core.connect(sinkOf(socket), { id: socket.id, viewerId: 'alice' });
 * socket.on('subscribe', (payload, ack) => ack(connection.handle('subscribe', payload)));
 */
export function createServerCore<H extends CoreHub = SimulationHub>(
  options: ServerCoreOptions<H>,
): ServerCore<H> {
  const { hub } = options;
  const fanout = new Fanout(options.fanout);
  const commands = createCommands({ hub, fanout, clock: options.clock ?? systemClock });
  const routes = createRestRoutes({
    hub,
    fanout,
    ...(options.policy ? { policy: options.policy } : {}),
  });

  const context: ConnectionContext = {
    commands,
    fanout,
    ...(options.onCommandError ? { onCommandError: options.onCommandError } : {}),
  };
  const connect = (sink: ConnectionSink, identity: ConnectionIdentity): CoreConnection =>
    new Connection(context, sink, identity);

  return { hub, fanout, routes, connect, dispose: () => fanout.dispose() };
}
