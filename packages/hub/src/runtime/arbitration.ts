import {
  DECISION_CHOICES,
  type DecisionAnswerAck,
  type DecisionChoice,
  type EngineEvent,
  protocolError,
} from '@simstream/protocol';
import type { ContagionEngine } from '@simstream/simulation';
import type { DecisionBook } from '../decisionBook.js';

export interface DecisionAnswerInput {
  decisionId: string;
  choice: DecisionChoice;
  idempotencyKey: string;
  answeredBy: string | null;
}

function invalid(message: string): DecisionAnswerAck {
  return {
    ok: false,
    error: protocolError('invalid_message', `Invalid decision answer: ${message}`),
  };
}

/**
 * Decide an answer exactly once: a repeated idempotency key gets its first ack; a decided
 * decision `already_decided` (or `expired`) with the winner; otherwise the engine applies it
 * and the ack is `accepted`, remembered under its key *before* the caller emits the returned
 * events (a listener reacting to `decision_resolved` may repeat the same key).
 *
 * @example
 * const { ack, events } = arbitrate(simulationId, book, engine, input);
 * if (events) emit(events);
 */
export function arbitrate(
  simulationId: string,
  book: DecisionBook,
  engine: ContagionEngine,
  input: DecisionAnswerInput,
): { ack: DecisionAnswerAck; events: readonly EngineEvent[] | null } {
  const repeated = book.ackFor(input.idempotencyKey);
  if (repeated) return { ack: repeated, events: null };
  if (!(DECISION_CHOICES as readonly string[]).includes(input.choice)) {
    return { ack: invalid(`choice must be one of ${DECISION_CHOICES.join(', ')}.`), events: null };
  }
  if (!input.idempotencyKey)
    return { ack: invalid('idempotencyKey must not be empty.'), events: null };
  const record = book.get(input.decisionId);
  if (!record) {
    const message = `Simulation ${simulationId} has no decision ${input.decisionId}; it may predate a reset. Refetch the decisions.`;
    return { ack: { ok: false, error: protocolError('unknown_decision', message) }, events: null };
  }
  const decided = book.ackForResolved(record);
  if (decided) {
    book.rememberAck(input.idempotencyKey, decided);
    return { ack: decided, events: null };
  }
  const result = engine.answerDecision(input.decisionId, input.choice, input.answeredBy);
  if (!result.ok) {
    const code = result.reason === 'unknown_decision' ? 'unknown_decision' : 'conflict';
    return { ack: { ok: false, error: protocolError(code, result.message) }, events: null };
  }
  const ack: DecisionAnswerAck = {
    ok: true,
    status: 'accepted',
    decisionId: input.decisionId,
    choice: input.choice,
    resolvedBy: 'answer',
  };
  book.rememberAck(input.idempotencyKey, ack);
  return { ack, events: result.events };
}
