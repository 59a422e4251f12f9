import type { DecisionAnswerAck, DecisionChoice, DecisionRecord } from '@simstream/protocol';
import { formatDuration } from '../lib/format.js';

/** The prompt's visible state, exposed as `data-state`. */
export type DecisionPromptState =
  | 'none'
  | 'pending'
  | 'queued'
  | 'submitting'
  | 'accepted'
  | 'already_decided'
  | 'expired'
  | 'error';

/** Where this viewer's answer is (the `status` of `useAnswerDecision`). */
export type AnswerStatus = 'idle' | 'submitting' | 'done' | 'error';

export interface DecisionPromptInput {
  decision: DecisionRecord | null;
  answerStatus?: AnswerStatus;
  /** The ack of this viewer's answer, if any. */
  result?: DecisionAnswerAck | null;
  error?: Error | null;
  /** The connection is down: an answer being sent waits in the client's outbox. */
  offline?: boolean;
}

/**
 * The prompt's state. This viewer's own ack wins (it knows whether *its* answer counted);
 * otherwise a decision resolved elsewhere — by another viewer or by the deadline — shows as
 * `already_decided` or `expired`. An answer sent while offline is `queued`: the outbox
 * delivers it after the reconnect.
 *
 * @example
 * getDecisionPromptState({ decision: resolvedByOtherViewer }); // 'already_decided'
 * getDecisionPromptState({ decision: pending, answerStatus: 'submitting', offline: true }); // 'queued'
 */
export function getDecisionPromptState({
  decision,
  answerStatus = 'idle',
  result = null,
  error = null,
  offline = false,
}: DecisionPromptInput): DecisionPromptState {
  if (!decision) return 'none';
  if (answerStatus === 'submitting') return offline ? 'queued' : 'submitting';
  if (result?.ok) return result.status;
  if (answerStatus === 'error' || error || result?.ok === false) return 'error';
  if (decision.status === 'resolved') {
    return decision.resolution?.resolved_by === 'deadline' ? 'expired' : 'already_decided';
  }
  return 'pending';
}

/**
 * The choice that won, from this viewer's ack or the decision's resolution.
 *
 * @example
 * getWinningChoice(decision, { ok: true, status: 'already_decided', choice: 'alternative', ... }); // 'alternative'
 */
export function getWinningChoice(
  decision: DecisionRecord | null,
  result: DecisionAnswerAck | null = null,
): DecisionChoice | null {
  if (result?.ok) return result.choice;
  return decision?.resolution?.choice ?? null;
}

/**
 * Time left to answer: seconds to `deadline_at`, or steps to `deadline_timestep` when the
 * wall-clock estimate is null (paused simulation).
 *
 * @example
 * describeDeadline(decision, Date.parse(decision.deadline_at!) - 12_000); // '12s left'
 * describeDeadline({ ...decision, deadline_at: null, deadline_timestep: 15 }, 0, 12); // '3 steps left'
 */
export function describeDeadline(
  decision: DecisionRecord,
  now: number,
  currentTimestep?: number,
): string {
  if (decision.deadline_at !== null) {
    const ms = Date.parse(decision.deadline_at) - now;
    return ms > 0 ? `${formatDuration(Math.ceil(ms / 1000) * 1000)} left` : 'deadline reached';
  }
  if (currentTimestep === undefined) return `deadline at step ${decision.deadline_timestep}`;
  const steps = Math.max(0, decision.deadline_timestep - currentTimestep);
  return `${steps} ${steps === 1 ? 'step' : 'steps'} left`;
}

/**
 * The error to show: the thrown error, or the reason of a failed ack.
 *
 * @example
 * describeAnswerError(null, { ok: false, error: { code: 'rate_limited', message: 'Slow down.' } }); // 'Slow down.'
 */
export function describeAnswerError(error: Error | null, result: DecisionAnswerAck | null): string {
  if (result && !result.ok) return result.error.message;
  return error?.message ?? 'The answer could not be sent.';
}
