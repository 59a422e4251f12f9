import type {
  DecisionAnswerAck,
  Pong,
  ServerNotice,
  SubscribeAck,
  UnsubscribeAck,
} from './commands.js';
import type { EventBatch } from './events.js';
import type { DecisionAnswerRequest, SubscribeRequest, UnsubscribeRequest } from './requests.js';

/**
 * Events the server emits to clients. Use as `Server<ClientToServerEvents, ServerToClientEvents>`
 * on the server and `Socket<ServerToClientEvents, ClientToServerEvents>` on the client.
 *
 * @example
 * io.to(room).emit('events', batch);
 */
export interface ServerToClientEvents {
  /** One or more envelopes of one simulation, in seq order. */
  events: (batch: EventBatch) => void;
  /** Out-of-band notices: shutdown, refused messages. */
  notice: (notice: ServerNotice) => void;
}

/**
 * Commands clients send; every one takes an ack callback. Payloads are validated on the
 * server with the matching `*RequestSchema`.
 *
 * @example
 * socket.emit('subscribe', { simulationId, sinceSeq: lastSeq }, (ack) => { ... });
 */
export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (ack: SubscribeAck) => void) => void;
  unsubscribe: (request: UnsubscribeRequest, ack: (ack: UnsubscribeAck) => void) => void;
  'decision:answer': (
    request: DecisionAnswerRequest,
    ack: (ack: DecisionAnswerAck) => void,
  ) => void;
  ping: (request: { type: 'ping' }, ack: (pong: Pong) => void) => void;
}

/** Server-to-server events (none yet; reserved for the scaled-out deployment). */
// biome-ignore lint/complexity/noBannedTypes: socket.io's generic slot for server-side events
export type InterServerEvents = {};
