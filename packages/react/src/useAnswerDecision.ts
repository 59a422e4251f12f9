'use client';
import type { DecisionAnswerAck, DecisionChoice } from '@simstream/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStreamClient } from './useStreamClient.js';

export type AnswerDecisionStatus = 'idle' | 'submitting' | 'done' | 'error';

export interface UseAnswerDecisionResult {
  /** Send an answer through the client's outbox (resent after reconnects until acked). */
  answer: (decisionId: string, choice: DecisionChoice) => Promise<DecisionAnswerAck>;
  status: AnswerDecisionStatus;
  /** The server's ack: `accepted`, `already_decided` (with the winner), `expired`, or an error ack. */
  result: DecisionAnswerAck | null;
  error: Error | null;
  reset: () => void;
}

interface AnswerState {
  status: AnswerDecisionStatus;
  result: DecisionAnswerAck | null;
  error: Error | null;
}

const IDLE: AnswerState = { status: 'idle', result: null, error: null };

/**
 * Answer a simulation's decisions. The idempotency key is made before the first send and
 * kept in the outbox, so an answer given offline is delivered once after the reconnect.
 *
 * @example
 * const { answer, status, result } = useAnswerDecision('demo');
 * await answer(decision.decision_id, 'recommended');
 */
export function useAnswerDecision(simulationId: string): UseAnswerDecisionResult {
  const client = useStreamClient();
  const [state, setState] = useState<AnswerState>(IDLE);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const answer = useCallback(
    async (decisionId: string, choice: DecisionChoice) => {
      setState({ status: 'submitting', result: null, error: null });
      try {
        const ack = await client.answerDecision({ simulationId, decisionId, choice });
        if (mounted.current) {
          setState(
            ack.ok
              ? { status: 'done', result: ack, error: null }
              : { status: 'error', result: ack, error: new Error(ack.error.message) },
          );
        }
        return ack;
      } catch (err) {
        const error = err instanceof Error ? err : new Error('The answer could not be sent.');
        if (mounted.current) setState({ status: 'error', result: null, error });
        throw error;
      }
    },
    [client, simulationId],
  );
  const reset = useCallback(() => setState(IDLE), []);
  return { answer, ...state, reset };
}
