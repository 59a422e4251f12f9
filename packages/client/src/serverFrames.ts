import {
  type DecisionAnswerAck,
  decisionAnswerAckSchema,
  type EventBatch,
  eventBatchSchema,
  parseMessage,
  type ServerNotice,
  type SubscribeAck,
  serverNoticeSchema,
  subscribeAckSchema,
} from '@simstream/protocol';

// Everything the server sends over the socket is checked against the protocol's schemas
// before the client acts on it, like the REST bodies in rest.ts: a frame from a server of
// another version, a proxy that mangles it or a bug never reaches the caches half-read.

/**
 * An event batch as the protocol defines it, or null. A refused batch is dropped: the next
 * one shows the gap in `seq`, and the client recovers as from a lost frame (replay or
 * snapshot).
 *
 * @example
 * socket.on('events', (frame) => { const batch = readBatch(frame); if (batch) receive(batch); });
 */
export function readBatch(frame: unknown): EventBatch | null {
  const parsed = parseMessage(eventBatchSchema, frame, 'event batch');
  return parsed.ok ? parsed.value : null;
}

/**
 * A server notice, or null for one the protocol does not define (ignored).
 *
 * @example
 * const notice = readNotice(frame);
 */
export function readNotice(frame: unknown): ServerNotice | null {
  const parsed = parseMessage(serverNoticeSchema, frame, 'notice');
  return parsed.ok ? parsed.value : null;
}

/**
 * A subscribe ack; one the protocol does not define reads as the error ack it amounts to.
 *
 * @example
 * socket.emit('subscribe', request, (ack) => onAck(readSubscribeAck(ack)));
 */
export function readSubscribeAck(frame: unknown): SubscribeAck {
  const parsed = parseMessage(subscribeAckSchema, frame, 'subscribe ack');
  return parsed.ok ? parsed.value : { ok: false, error: parsed.error };
}

/**
 * A decision answer's ack; one the protocol does not define reads as the error ack it amounts
 * to (`invalid_message`: the answer settles with that sentence; the stream's
 * `decision_resolved` still tells what was decided).
 *
 * @example
 * socket.emit('decision:answer', request, (ack) => settle(readAnswerAck(ack)));
 */
export function readAnswerAck(frame: unknown): DecisionAnswerAck {
  const parsed = parseMessage(decisionAnswerAckSchema, frame, 'decision:answer ack');
  return parsed.ok ? parsed.value : { ok: false, error: parsed.error };
}
