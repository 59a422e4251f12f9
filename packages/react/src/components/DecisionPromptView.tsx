'use client';
import type { DecisionAnswerAck, DecisionChoice, DecisionRecord } from '@simstream/protocol';
import { Clock, Gavel } from '../lib/icons.js';
import { type ComponentProps, useEffect, useId, useRef, useState } from 'react';
import { useNow } from '../lib/useNow.js';
import { DecisionActionOption } from './DecisionActionOption.js';
import {
  actionLabel,
  DecisionOutcome,
  type DecisionOutcomeState,
  OUTCOME_STATES,
} from './DecisionOutcome.js';
import {
  type AnswerStatus,
  type DecisionPromptState,
  describeDeadline,
  getDecisionPromptState,
  getWinningChoice,
} from './decisionPromptState.js';

export interface DecisionPromptViewProps extends Omit<ComponentProps<'section'>, 'children'> {
  /** The decision to show (pending or resolved), or null when none is pending. */
  decision: DecisionRecord | null;
  /** Status of this viewer's answer (`useAnswerDecision().status`). */
  answerStatus?: AnswerStatus;
  /** Ack of this viewer's answer. */
  result?: DecisionAnswerAck | null;
  error?: Error | null;
  onAnswer: (choice: DecisionChoice) => void;
  /** The choice this viewer sent (default: the last one clicked here). */
  choice?: DecisionChoice | null;
  /** The connection is down: an answer being sent shows as queued in the outbox. */
  offline?: boolean;
  /** Fixed current time (stories, tests); otherwise the countdown ticks every second. */
  now?: number;
  /** Current timestep, for "N steps left" when the decision has no wall-clock deadline. */
  currentTimestep?: number;
}

/** What the winning action says about why it won. */
const WON_LABELS: Partial<Record<DecisionPromptState, string>> = {
  accepted: 'Your answer',
  expired: 'Default applied',
};

/**
 * Presentational decision prompt: a labelled region with the title, description, the
 * recommended and alternative action (each a button described by its effects) and a
 * countdown. The actions sit side by side when the prompt's own container is wide enough
 * (a container query), so it fits a sidebar as well as a page. After this viewer's answer,
 * focus moves to the outcome, so keyboard and screen reader users land on what happened;
 * an outcome that was there on mount leaves focus alone.
 *
 * @example
 * ```tsx
 * <DecisionPromptView decision={pending} answerStatus={status} result={result} error={error}
 *   onAnswer={(choice) => answer(pending.decision_id, choice)} />
 * ```
 */
export function DecisionPromptView({
  decision,
  answerStatus = 'idle',
  result = null,
  error = null,
  onAnswer,
  choice: sentChoice,
  offline = false,
  now: fixedNow,
  currentTimestep,
  className,
  ref,
  ...props
}: DecisionPromptViewProps) {
  const state = getDecisionPromptState({ decision, answerStatus, result, error, offline });
  const titleId = useId();
  const descriptionId = useId();
  const outcomeRef = useRef<HTMLDivElement | null>(null);
  const [clicked, setClicked] = useState<DecisionChoice | null>(null);
  const chosen = sentChoice ?? clicked;
  const now = useNow(1000, {
    enabled: state === 'pending' && decision?.deadline_at != null,
    override: fixedNow,
  });

  // Focus follows this viewer's own answer (sent → outcome), never a mount: a page that
  // opens on a resolved decision must not scroll to it and steal the focus.
  const previousState = useRef(state);
  useEffect(() => {
    const was = previousState.current;
    previousState.current = state;
    const answered = was === 'submitting' || was === 'queued';
    if (answered && state !== 'queued' && OUTCOME_STATES.has(state)) outcomeRef.current?.focus();
  }, [state]);

  const root = {
    'data-simstream': '',
    'data-slot': 'decision-prompt',
    'data-state': state,
    // The box and its border per state: the kit's CSS (styles/components.css).
    className,
  };

  if (!decision) {
    return (
      <section aria-label="Decision" {...root} {...props} ref={ref}>
        <p data-slot="decision-prompt-text">No decision pending.</p>
      </section>
    );
  }

  const winner = getWinningChoice(decision, result);
  const canAnswer = state === 'pending' || state === 'error';
  const answer = (next: DecisionChoice) => {
    setClicked(next);
    onAnswer(next);
  };
  const wonLabel =
    WON_LABELS[state] ??
    (decision.resolution?.answered_by ? `Chosen by ${decision.resolution.answered_by}` : 'Chosen');

  return (
    <section
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      {...root}
      {...props}
      ref={ref}
    >
      <header data-slot="decision-prompt-header">
        <div data-slot="decision-prompt-heading">
          <Gavel aria-hidden="true" className="size-4 shrink-0" />
          <h3 id={titleId} data-slot="decision-prompt-title">
            {decision.title}
          </h3>
        </div>
        {state === 'pending' || state === 'submitting' || state === 'queued' ? (
          <span role="timer" data-slot="decision-countdown">
            <Clock aria-hidden="true" className="size-3" />
            {describeDeadline(decision, now, currentTimestep)}
          </span>
        ) : null}
      </header>
      <p id={descriptionId} data-slot="decision-prompt-text">
        {decision.description}
      </p>
      <fieldset data-slot="decision-prompt-actions">
        <legend className="sr-only">Choose an action</legend>
        {(['recommended', 'alternative'] as const).map((option) => (
          <DecisionActionOption
            key={option}
            choice={option}
            action={
              option === 'recommended' ? decision.recommended_action : decision.alternative_action
            }
            enabled={canAnswer}
            submitting={state === 'submitting' && chosen === option}
            queued={state === 'queued' && chosen === option}
            won={winner === option}
            wonLabel={wonLabel}
            onSelect={answer}
          />
        ))}
      </fieldset>
      {state === 'submitting' ? (
        <p role="status" data-slot="decision-prompt-text">
          {chosen
            ? `Sending your answer: ${actionLabel(decision, chosen)}…`
            : 'Submitting your answer…'}
        </p>
      ) : null}
      {OUTCOME_STATES.has(state) ? (
        <DecisionOutcome
          ref={outcomeRef}
          tabIndex={-1}
          state={state as DecisionOutcomeState}
          decision={decision}
          choice={state === 'queued' ? chosen : winner}
          error={error}
          result={result}
        />
      ) : null}
    </section>
  );
}
