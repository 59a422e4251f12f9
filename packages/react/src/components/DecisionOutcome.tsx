'use client';
import type { DecisionAnswerAck, DecisionChoice, DecisionRecord } from '@simstream/protocol';
import { CircleCheck, CloudOff, TimerOff, TriangleAlert, Users } from '../lib/icons.js';
import type { ComponentProps } from 'react';
import { type DecisionPromptState, describeAnswerError } from './decisionPromptState.js';

/** The states that end in a sentence under the actions (submitting has its own line). */
export type DecisionOutcomeState = Extract<
  DecisionPromptState,
  'queued' | 'accepted' | 'already_decided' | 'expired' | 'error'
>;

export const OUTCOME_STATES: ReadonlySet<DecisionPromptState> = new Set<DecisionOutcomeState>([
  'queued',
  'accepted',
  'already_decided',
  'expired',
  'error',
]);

// Each outcome has its own color and icon, so Accepted and Expired never look alike (the
// box per state is the kit's CSS on `data-state`, styles/components.css).
const ICONS = {
  queued: CloudOff,
  accepted: CircleCheck,
  already_decided: Users,
  expired: TimerOff,
  error: TriangleAlert,
} satisfies Record<DecisionOutcomeState, typeof CloudOff>;

export interface DecisionOutcomeProps extends Omit<ComponentProps<'div'>, 'children'> {
  state: DecisionOutcomeState;
  decision: DecisionRecord;
  /** The action that won, or (queued) the one waiting to be sent. */
  choice: DecisionChoice | null;
  error: Error | null;
  result: DecisionAnswerAck | null;
}

/**
 * What happened to the decision, in one sentence with its own color and icon: this
 * viewer's answer queued (offline) or accepted, another viewer's answer won, the deadline
 * applied the default, or the answer failed. `role="alert"` for errors, else `status`.
 *
 * @example
 * <DecisionOutcome state="expired" decision={decision} choice="recommended" error={null} result={null} />
 */
export function DecisionOutcome({
  state,
  decision,
  choice,
  error,
  result,
  className,
  ...props
}: DecisionOutcomeProps) {
  const Icon = ICONS[state];
  return (
    <div
      role={state === 'error' ? 'alert' : 'status'}
      data-slot="decision-outcome"
      data-state={state}
      className={className}
      {...props}
    >
      <Icon aria-hidden="true" data-slot="decision-outcome-icon" />
      <span>{describeOutcome(state, decision, choice, error, result)}</span>
    </div>
  );
}

/**
 * The action's label for a choice.
 *
 * @example
 * actionLabel(decision, 'alternative'); // 'Sell real estate'
 */
export function actionLabel(decision: DecisionRecord, choice: DecisionChoice | null): string {
  if (choice === 'recommended') return decision.recommended_action.label;
  if (choice === 'alternative') return decision.alternative_action.label;
  return 'unknown';
}

/** The outcome sentence; says who won, because "someone else decided" alone is not enough to act on. */
function describeOutcome(
  state: DecisionOutcomeState,
  decision: DecisionRecord,
  choice: DecisionChoice | null,
  error: Error | null,
  result: DecisionAnswerAck | null,
): string {
  const label = actionLabel(decision, choice);
  switch (state) {
    case 'queued':
      return `You are offline. Your answer (${label}) is queued and will be sent when the connection returns.`;
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
  }
}
