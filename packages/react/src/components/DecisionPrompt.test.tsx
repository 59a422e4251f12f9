import './testSetup.js';
import type { DecisionAnswerAck, DecisionRecord } from '@simstream/protocol';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { getDecisionPromptState } from './decisionPromptState.js';
import { DecisionPromptView, type DecisionPromptViewProps } from './DecisionPromptView.js';
import { decisionRecord, FIXTURE_NOW } from './fixtures.js';

const pending = decisionRecord();
const byOtherViewer = decisionRecord({
  resolution: {
    choice: 'alternative',
    resolved_by: 'answer',
    answered_by: 'viewer-2',
    timestep: 12,
  },
});
const byDeadline = decisionRecord({
  resolution: { choice: 'recommended', resolved_by: 'deadline', answered_by: null, timestep: 15 },
});
const ack = (
  status: 'accepted' | 'already_decided' | 'expired',
  choice: 'recommended' | 'alternative',
): DecisionAnswerAck => ({
  ok: true,
  status,
  decisionId: 'DEC-1-1',
  choice,
  resolvedBy: status === 'expired' ? 'deadline' : 'answer',
});

function renderPrompt(
  props: Partial<DecisionPromptViewProps> & { decision: DecisionRecord | null },
) {
  const onAnswer = props.onAnswer ?? vi.fn();
  const utils = render(<DecisionPromptView now={FIXTURE_NOW} onAnswer={onAnswer} {...props} />);
  const root = utils.container.querySelector('[data-slot="decision-prompt"]') as HTMLElement;
  return { ...utils, root, onAnswer };
}

describe('getDecisionPromptState', () => {
  it('covers every state', () => {
    expect(getDecisionPromptState({ decision: null })).toBe('none');
    expect(getDecisionPromptState({ decision: pending })).toBe('pending');
    expect(getDecisionPromptState({ decision: pending, answerStatus: 'submitting' })).toBe(
      'submitting',
    );
    expect(
      getDecisionPromptState({ decision: pending, answerStatus: 'submitting', offline: true }),
    ).toBe('queued');
    expect(
      getDecisionPromptState({
        decision: pending,
        answerStatus: 'done',
        result: ack('accepted', 'recommended'),
      }),
    ).toBe('accepted');
    expect(
      getDecisionPromptState({ decision: pending, answerStatus: 'error', error: new Error('x') }),
    ).toBe('error');
    expect(
      getDecisionPromptState({
        decision: pending,
        answerStatus: 'done',
        result: { ok: false, error: { code: 'rate_limited', message: 'Slow down.' } },
      }),
    ).toBe('error');
    expect(getDecisionPromptState({ decision: byOtherViewer })).toBe('already_decided');
    expect(getDecisionPromptState({ decision: byDeadline })).toBe('expired');
    // This viewer's own ack wins over the record (its answer counted).
    expect(
      getDecisionPromptState({ decision: byOtherViewer, result: ack('accepted', 'alternative') }),
    ).toBe('accepted');
  });
});

describe('DecisionPromptView', () => {
  it('pending: a labelled region with both actions, their effects and a countdown', () => {
    const { root } = renderPrompt({ decision: pending });
    const region = screen.getByRole('region', { name: 'Risk Alert: High NPA Levels' });
    expect(region).toHaveAttribute('data-state', 'pending');
    expect(region).toHaveAccessibleDescription(/^Your NPA ratio has exceeded 8\.0% \(now 9\.2%\)/);
    const recommended = screen.getByRole('button', { name: /Sell non-performing loans/ });
    expect(recommended).toHaveTextContent('Recommended');
    expect(recommended).toHaveAccessibleDescription(
      /^Sell 60% of the non-performing loans.*−0\.6% capital ratio.*−5\.3% npa ratio.*−7\.01M equity$/,
    );
    const alternative = screen.getByRole('button', { name: 'Hold and work out' });
    expect(alternative).toHaveAccessibleDescription(/no change in capital ratio/);
    expect(screen.getByRole('timer')).toHaveTextContent('10s left');
    expect(root).toBe(region);
  });

  it('answers by keyboard: Tab to the alternative, Enter', async () => {
    const { onAnswer } = renderPrompt({ decision: pending });
    await userEvent.tab();
    expect(screen.getByRole('button', { name: /Sell non-performing loans/ })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Hold and work out' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(onAnswer).toHaveBeenCalledWith('alternative');
  });

  it('submitting: shows progress, keeps focus and ignores further clicks', async () => {
    const onAnswer = vi.fn();
    const { rerender } = renderPrompt({ decision: pending, onAnswer });
    const button = screen.getByRole('button', { name: /Sell non-performing loans/ });
    await userEvent.click(button);
    rerender(
      <DecisionPromptView
        now={FIXTURE_NOW}
        decision={pending}
        answerStatus="submitting"
        onAnswer={onAnswer}
      />,
    );
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'submitting');
    expect(screen.getByRole('status')).toHaveTextContent(
      'Sending your answer: Sell non-performing loans…',
    );
    expect(button).toHaveFocus();
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Hold and work out' }));
    expect(onAnswer).toHaveBeenCalledTimes(1);
  });

  it('queued: an answer given offline waits in the outbox, shown on the chosen action', () => {
    renderPrompt({
      decision: pending,
      answerStatus: 'submitting',
      offline: true,
      choice: 'alternative',
    });
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'queued');
    expect(screen.getByRole('status')).toHaveTextContent(
      'You are offline. Your answer (Hold and work out) is queued and will be sent when the connection returns.',
    );
    const chosen = screen.getByRole('button', { name: /Hold and work out/ });
    expect(chosen).toHaveTextContent('Queued');
    expect(chosen).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('button', { name: /Sell non-performing loans/ })).not.toHaveTextContent(
      'Queued',
    );
  });

  it('accepted and expired are told apart: outcome, icon state and the winner’s label', () => {
    const { rerender, onAnswer } = renderPrompt({
      decision: pending,
      answerStatus: 'done',
      result: ack('accepted', 'recommended'),
    });
    const accepted = screen.getByRole('status');
    expect(accepted).toHaveAttribute('data-state', 'accepted');
    expect(screen.getByText('Your answer')).toBeInTheDocument();
    rerender(<DecisionPromptView now={FIXTURE_NOW} decision={byDeadline} onAnswer={onAnswer} />);
    expect(screen.getByRole('status')).toHaveAttribute('data-state', 'expired');
    expect(screen.getByText('Default applied')).toBeInTheDocument();
    expect(screen.queryByText('Your answer')).not.toBeInTheDocument();
  });

  it('an outcome present on mount does not take the focus', () => {
    renderPrompt({
      decision: pending,
      answerStatus: 'done',
      result: ack('accepted', 'recommended'),
    });
    expect(screen.getByRole('status')).not.toHaveFocus();
    expect(document.body).toHaveFocus();
  });

  it('accepted: says so and moves focus to the outcome', () => {
    const { rerender, onAnswer } = renderPrompt({ decision: pending, answerStatus: 'submitting' });
    rerender(
      <DecisionPromptView
        now={FIXTURE_NOW}
        decision={pending}
        answerStatus="done"
        result={ack('accepted', 'recommended')}
        onAnswer={onAnswer}
      />,
    );
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'accepted');
    const outcome = screen.getByRole('status');
    expect(outcome).toHaveTextContent('Your answer was accepted: Sell non-performing loans.');
    expect(outcome).toHaveFocus();
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Sell non-performing loans/ })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('already decided by another viewer: shows what won, and updates in place', () => {
    const { rerender, onAnswer } = renderPrompt({ decision: pending });
    rerender(<DecisionPromptView now={FIXTURE_NOW} decision={byOtherViewer} onAnswer={onAnswer} />);
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'already_decided');
    expect(screen.getByRole('status')).toHaveTextContent(
      'Already decided by viewer-2: Hold and work out won.',
    );
    expect(
      screen
        .getByRole('button', { name: 'Hold and work out' })
        .closest('[data-slot="decision-action"]'),
    ).toHaveAttribute('data-won');
  });

  it('expired: the deadline applied the default', () => {
    renderPrompt({ decision: byDeadline });
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'expired');
    expect(screen.getByRole('status')).toHaveTextContent(
      'The deadline passed; the default applied: Sell non-performing loans.',
    );
  });

  it('error: an alert with the reason, and answering again is possible', async () => {
    const { onAnswer } = renderPrompt({
      decision: pending,
      answerStatus: 'error',
      error: new Error('The connection dropped.'),
    });
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'error');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The connection dropped. You can try again.',
    );
    await userEvent.click(screen.getByRole('button', { name: /Sell non-performing loans/ }));
    expect(onAnswer).toHaveBeenCalledWith('recommended');
  });

  it('none: says nothing is pending', () => {
    const { root } = renderPrompt({ decision: null });
    expect(root).toHaveAttribute('data-state', 'none');
    expect(screen.getByRole('region', { name: 'Decision' })).toHaveTextContent(
      'No decision pending.',
    );
  });

  it('counts down to the deadline every second', () => {
    vi.useFakeTimers();
    vi.setSystemTime(FIXTURE_NOW);
    render(<DecisionPromptView decision={pending} onAnswer={() => {}} />);
    expect(screen.getByRole('timer')).toHaveTextContent('10s left');
    act(() => vi.advanceTimersByTime(3_000));
    expect(screen.getByRole('timer')).toHaveTextContent('7s left');
    act(() => vi.advanceTimersByTime(8_000));
    expect(screen.getByRole('timer')).toHaveTextContent('deadline reached');
  });

  it('counts steps when the deadline has no wall-clock time', () => {
    renderPrompt({ decision: decisionRecord({ deadline_at: null }), currentTimestep: 8 });
    expect(screen.getByRole('timer')).toHaveTextContent('3 steps left');
  });

  it('carries only the consumer className on its root (the defaults are the kit CSS)', () => {
    const { root } = renderPrompt({ decision: pending, className: 'p-8' });
    expect(root.className).toBe('p-8');
    expect(within(root).getByRole('group', { name: 'Choose an action' })).toBeInTheDocument();
  });
});
