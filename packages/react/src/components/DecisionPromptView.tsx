'use client';
import type { DecisionAnswerAck, DecisionChoice, DecisionRecord } from '@simstream/protocol';
import { Clock, Gavel } from 'lucide-react';
import { type ComponentProps, useEffect, useId, useRef, useState } from 'react';
import { cn } from '../lib/cn.js';
import { useNow } from '../lib/useNow.js';
import { DecisionActionOption } from './DecisionActionOption.js';
import {
  type AnswerStatus,
  type DecisionPromptState,
  describeAnswerError,
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
  /** Fixed current time (stories, tests); otherwise the countdown ticks every second. */
  now?: number;
  /** Current timestep, for "N steps left" when the decision has no wall-clock deadline. */
  currentTimestep?: number;
}

const OUTCOME_STATES: ReadonlySet<DecisionPromptState> = new Set([
  'accepted',
  'already_decided',
  'expired',
  'error',
]);

/**
 * Presentational decision prompt: a labelled region with the title, description, the
 * recommended and alternative action (each a button described by its effects) and a
 * countdown. After this viewer's answer, focus moves to the outcome, so keyboard and screen
 * reader users land on what happened; an outcome that was there on mount leaves focus alone.
 *
 * @example
 * <DecisionPromptView decision={pending} answerStatus={status} result={result} error={error}
 *   onAnswer={(choice) => answer(pending.decision_id, choice)} />
 */
export function DecisionPromptView({
  decision,
  answerStatus = 'idle',
  result = null,
  error = null,
  onAnswer,
  now: fixedNow,
  currentTimestep,
  className,
  ref,
  ...props
}: DecisionPromptViewProps) {
  const state = getDecisionPromptState({ decision, answerStatus, result, error });
  const titleId = useId();
  const descriptionId = useId();
  const outcomeRef = useRef<HTMLDivElement | null>(null);
  const [chosen, setChosen] = useState<DecisionChoice | null>(null);
  const now = useNow(1000, {
    enabled: state === 'pending' && decision?.deadline_at != null,
    override: fixedNow,
  });

  // Focus follows this viewer's own answer (submitting → outcome), never a mount: a page
  // that opens on a resolved decision must not scroll to it and steal the focus.
  const previousState = useRef(state);
  useEffect(() => {
    const was = previousState.current;
    previousState.current = state;
    if (was === 'submitting' && OUTCOME_STATES.has(state)) outcomeRef.current?.focus();
  }, [state]);

  const root = {
    'data-simstream': '',
    'data-slot': 'decision-prompt',
    'data-state': state,
    className: cn(
      'flex flex-col gap-3 rounded-(--ss-radius) border border-ss-border bg-ss-background p-4 font-ss-sans text-ss-foreground',
      'data-[state=none]:border-dashed data-[state=error]:border-ss-destructive',
      className,
    ),
  };

  if (!decision) {
    return (
      <section aria-label="Decision" {...root} {...props} ref={ref}>
        <p className="m-0 text-sm text-ss-muted-foreground">No decision pending.</p>
      </section>
    );
  }

  const winner = getWinningChoice(decision, result);
  const canAnswer = state === 'pending' || state === 'error';
  const answer = (choice: DecisionChoice) => {
    setChosen(choice);
    onAnswer(choice);
  };

  return (
    <section
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      {...root}
      {...props}
      ref={ref}
    >
      <header className="flex items-start justify-between gap-3">
        <div className="flex items-center gap-2">
          <Gavel aria-hidden="true" className="size-4 shrink-0" />
          <h3 id={titleId} className="m-0 text-base font-semibold">
            {decision.title}
          </h3>
        </div>
        {state === 'pending' || state === 'submitting' ? (
          <span
            role="timer"
            data-slot="decision-countdown"
            className="inline-flex shrink-0 items-center gap-1 text-xs text-ss-muted-foreground"
          >
            <Clock aria-hidden="true" className="size-3" />
            {describeDeadline(decision, now, currentTimestep)}
          </span>
        ) : null}
      </header>
      <p id={descriptionId} className="m-0 text-sm text-ss-muted-foreground">
        {decision.description}
      </p>
      <fieldset className="m-0 flex min-w-0 flex-col gap-2 border-0 p-0 sm:flex-row">
        <legend className="sr-only">Choose an action</legend>
        {(['recommended', 'alternative'] as const).map((choice) => (
          <DecisionActionOption
            key={choice}
            choice={choice}
            action={
              choice === 'recommended' ? decision.recommended_action : decision.alternative_action
            }
            enabled={canAnswer}
            submitting={state === 'submitting' && chosen === choice}
            won={winner === choice}
            onSelect={answer}
          />
        ))}
      </fieldset>
      {state === 'submitting' ? (
        <p role="status" className="m-0 text-sm text-ss-muted-foreground">
          Submitting your answer…
        </p>
      ) : null}
      {OUTCOME_STATES.has(state) ? (
        <div
          ref={outcomeRef}
          tabIndex={-1}
          role={state === 'error' ? 'alert' : 'status'}
          data-slot="decision-outcome"
          className={cn(
            'rounded-[calc(var(--ss-radius)-2px)] px-3 py-2 text-sm',
            state === 'error'
              ? 'bg-ss-destructive/10 text-ss-destructive'
              : 'bg-ss-muted text-ss-foreground',
          )}
        >
          {describeOutcome(state, decision, winner, error, result)}
        </div>
      ) : null}
    </section>
  );
}

function actionLabel(decision: DecisionRecord, choice: DecisionChoice | null): string {
  if (choice === 'recommended') return decision.recommended_action.label;
  if (choice === 'alternative') return decision.alternative_action.label;
  return 'unknown';
}

/** The outcome sentence; says who won, because "someone else decided" alone is not enough to act on. */
function describeOutcome(
  state: DecisionPromptState,
  decision: DecisionRecord,
  winner: DecisionChoice | null,
  error: Error | null,
  result: DecisionAnswerAck | null,
): string {
  const label = actionLabel(decision, winner);
  switch (state) {
    case 'accepted':
      return `Your answer was accepted: ${label}.`;
    case 'already_decided': {
      const by = decision.resolution?.answered_by;
      return `Already decided${by ? ` by ${by}` : ''}: ${label} won.`;
    }
    case 'expired':
      return `The deadline passed; the default applied: ${label}.`;
    case 'error':
      return `${describeAnswerError(error, result)} You can try again.`;
    default:
      return '';
  }
}
