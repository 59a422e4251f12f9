'use client';
import { useEffect, useRef, useState } from 'react';
import { useAnswerDecision } from '../useAnswerDecision.js';
import { useConnectionState } from '../useConnectionState.js';
import { useDecisions, usePendingDecision } from '../useDecisions.js';
import { useSimulationSnapshot } from '../useSimulationSnapshot.js';
import { DecisionPromptView, type DecisionPromptViewProps } from './DecisionPromptView.js';

export interface DecisionPromptProps
  extends Omit<
    DecisionPromptViewProps,
    'decision' | 'answerStatus' | 'result' | 'error' | 'onAnswer' | 'currentTimestep' | 'offline'
  > {
  simulationId: string;
  /** Show this decision. Default: the newest pending one, kept on screen after it resolves. */
  decisionId?: string;
}

/**
 * The decision prompt wired to the decisions query, the answer outbox and the connection
 * state (an answer given offline shows as queued until it is delivered). It keeps the
 * decision it showed after it resolves — by this viewer, another viewer or the deadline —
 * so the outcome stays readable until the next decision arrives.
 *
 * @example
 * <DecisionPrompt simulationId="demo" />
 */
export function DecisionPrompt({ simulationId, decisionId, ...props }: DecisionPromptProps) {
  const decisions = useDecisions(simulationId);
  const pending = usePendingDecision(simulationId);
  const snapshot = useSimulationSnapshot(simulationId);
  const { answer, status, result, error, reset } = useAnswerDecision(simulationId);
  // Not live: an answer sent now waits in the outbox (shown as queued) until the reconnect.
  const offline = useConnectionState().status !== 'live';

  const [followedId, setFollowedId] = useState<string | null>(null);
  if (decisionId === undefined && pending && pending.decision_id !== followedId) {
    setFollowedId(pending.decision_id);
  }
  const shownId = decisionId ?? followedId;
  const decision =
    (shownId ? decisions.data?.find((d) => d.decision_id === shownId) : undefined) ??
    (decisionId === undefined ? pending : null) ??
    null;

  // A new decision starts with a clean answer state (reset read through a ref: its
  // identity is the hook's business, the trigger is only the decision changing).
  const resetRef = useRef(reset);
  resetRef.current = reset;
  useEffect(() => {
    if (shownId) resetRef.current();
  }, [shownId]);

  return (
    <DecisionPromptView
      decision={decision}
      answerStatus={status}
      result={result}
      error={error}
      offline={offline}
      currentTimestep={snapshot.data?.snapshot.timestep}
      onAnswer={(choice) => {
        if (decision) answer(decision.decision_id, choice).catch(() => {});
      }}
      {...props}
    />
  );
}
