import { isFinalAck, type Outbox } from './outbox.js';
import { readAnswerAck } from './serverFrames.js';
import type { StreamSocket } from './transport.js';
import type { PendingAnswer } from './types.js';

/**
 * Sends the outbox's answers over the live socket: each answer at most once per socket (an
 * ack may take a while; sending it again on the same socket would only double the traffic),
 * and again on the next socket until a final ack settles it. A non-final error ack (e.g.
 * `rate_limited`) makes the answer sendable again at the next chance.
 *
 * @example
 * const sender = createOutboxSender(outbox);
 * // on every (re)connect:
 * sender.newSocket();
 * sender.sendAll(socket);
 */
export function createOutboxSender(outbox: Outbox) {
  /** Idempotency keys sent on the current socket. */
  let sentOnThisSocket = new Set<string>();

  function send(socket: StreamSocket, item: PendingAnswer): void {
    if (sentOnThisSocket.has(item.idempotencyKey)) return;
    sentOnThisSocket.add(item.idempotencyKey);
    outbox.markSent(item.idempotencyKey);
    const { createdAt: _c, attempts: _a, ...request } = item;
    socket.emit('decision:answer', request, (frame) => {
      const ack = readAnswerAck(frame);
      if (isFinalAck(ack)) outbox.settle(item.idempotencyKey, ack);
      else sentOnThisSocket.delete(item.idempotencyKey);
    });
  }

  return {
    send,
    /** Every pending answer, e.g. right after a (re)connect. */
    sendAll(socket: StreamSocket): void {
      for (const item of outbox.items) send(socket, item);
    },
    /** The socket went down or was replaced: what was sent on it counts no more. */
    newSocket(): void {
      sentOnThisSocket = new Set();
    },
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
