import {
  type ErrorAck,
  type ErrorCode,
  type Pong,
  decisionAnswerRequestSchema,
  parseMessage,
  pingRequestSchema,
  protocolError,
  subscribeRequestSchema,
  unsubscribeRequestSchema,
} from '@simstream/protocol';
import type { MaybePromise } from '../maybePromise.js';
import type { Clock, CoreHub } from '../types.js';
import { subscriberView } from '../views.js';
import { authorize } from './access.js';
import type { CoreConnection } from './connection.js';
import type { Fanout } from './fanout.js';
import { withRuntime } from './withRuntime.js';

/** Client → server commands the core understands (the Socket.IO event names). */
export const CLIENT_COMMANDS = ['subscribe', 'unsubscribe', 'decision:answer', 'ping'] as const;
export type ClientCommand = (typeof CLIENT_COMMANDS)[number];

/**
 * An error ack `{ ok: false, error: { code, message } }`.
 *
 * @example
 * errorAck('not_subscribed', 'This connection is not subscribed to "sim-1".');
 */
export function errorAck(
  code: ErrorCode,
  message: string,
  issues?: ErrorAck['error']['issues'],
): ErrorAck {
  return { ok: false, error: protocolError(code, message, issues) };
}

/**
 * The error every transport answers for a simulation id it does not know.
 *
 * @example
 * return unknownSimulation('sim-x');
 */
export function unknownSimulation(simulationId: string): ErrorAck {
  return errorAck(
    'unknown_simulation',
    `No simulation "${simulationId}"; list the running ones with GET /api/v1/simulations.`,
  );
}

export interface CommandDeps {
  hub: CoreHub;
  fanout: Fanout;
  clock: Clock;
}

/** A schema `parseMessage` accepts, and the value it yields. */
type Schema = Parameters<typeof parseMessage>[0];
type Parsed<S extends Schema> = Extract<ReturnType<typeof parseMessage<S>>, { ok: true }>['value'];
type Command = (connection: CoreConnection, payload: unknown) => MaybePromise<object>;

/** Validate the payload against `schema` (invalid: an `invalid_message` ack), then run. */
function command<S extends Schema>(
  schema: S,
  event: string,
  run: (connection: CoreConnection, request: Parsed<S>) => MaybePromise<object>,
): Command {
  return (connection, payload) => {
    const parsed = parseMessage(schema, payload, event);
    return parsed.ok
      ? run(connection, parsed.value)
      : errorAck(parsed.error.code, parsed.error.message, parsed.error.issues);
  };
}

/**
 * The command handlers, one per client event: validate with the protocol schema, run against
 * the hub and the fan-out, return the ack. Transport-free: Socket.IO, the msw binding and the
 * in-memory transport all call these.
 *
 * @example
 * const commands = createCommands({ hub, fanout, clock });
 * const ack = commands.subscribe(connection, { simulationId: 'sim-1', sinceSeq: 42 });
 */
export function createCommands(deps: CommandDeps): Record<ClientCommand, Command> {
  const { hub, fanout } = deps;
  const ping = command(
    pingRequestSchema,
    'ping',
    (): Pong => ({
      type: 'pong',
      timestamp: new Date(deps.clock.now()).toISOString(),
    }),
  );
  return {
    // Joins the view's room and replays from `sinceSeq` in one synchronous step (once current).
    subscribe: command(subscribeRequestSchema, 'subscribe', (connection, request) => {
      const { simulationId, sinceSeq, epoch } = request;
      const denied = authorize(connection.grant, 'read', simulationId);
      if (denied) return errorAck(denied.code, denied.message);
      return withRuntime<object>(
        hub,
        simulationId,
        (runtime) =>
          connection.closed
            ? errorAck('not_subscribed', 'The connection closed before the subscribe finished.')
            : fanout.subscribe(connection, runtime, subscriberView(request), sinceSeq, epoch),
        () => unknownSimulation(simulationId),
        // A `sinceSeq` got from another node must not look like one from the future here.
        { current: true },
      );
    }),
    unsubscribe: command(
      unsubscribeRequestSchema,
      'unsubscribe',
      (connection, { simulationId }) => {
        if (!fanout.unsubscribe(connection, simulationId)) {
          return errorAck(
            'not_subscribed',
            `This connection is not subscribed to "${simulationId}".`,
          );
        }
        return { ok: true, simulationId };
      },
    ),
    // The hub arbitrates: the first valid answer wins, a repeated idempotency key repeats its ack.
    'decision:answer': command(
      decisionAnswerRequestSchema,
      'decision:answer',
      (connection, request) => {
        const { simulationId, decisionId, choice, idempotencyKey } = request;
        const denied = authorize(connection.grant, 'operate', simulationId);
        if (denied) return errorAck(denied.code, denied.message);
        const answer = { decisionId, choice, idempotencyKey, answeredBy: connection.viewerId };
        return withRuntime<object>(
          hub,
          simulationId,
          (runtime) => runtime.answerDecision(answer),
          () => unknownSimulation(simulationId),
        );
      },
    ),
    // A bare `ping` (no payload, just an ack) is a ping too.
    ping: (connection, payload) => ping(connection, payload ?? { type: 'ping' }),
  };
}
