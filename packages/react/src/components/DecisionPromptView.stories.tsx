import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import type { DecisionAnswerAck, DecisionChoice } from '@simstream/protocol';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import type { AnswerStatus } from './decisionPromptState.js';
import { DecisionPromptView, type DecisionPromptViewProps } from './DecisionPromptView.js';
import { FIXTURE_NOW, decisionRecord } from './fixtures.js';

const PENDING = decisionRecord();

const meta = {
  title: 'Kit/DecisionPrompt',
  component: DecisionPromptView,
  args: { decision: PENDING, now: FIXTURE_NOW, onAnswer: fn(), className: 'max-w-xl' },
} satisfies Meta<typeof DecisionPromptView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A decision waits for this viewer: two actions with their effects, and a countdown. */
export const Pending: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: PENDING.title })).toBeVisible();
    await expect(canvas.getByRole('button', { name: /raise capital/i })).toBeEnabled();
  },
};

/** The simulation is paused until someone decides (no wall-clock deadline). */
export const PendingWhilePaused: Story = {
  args: {
    decision: decisionRecord({ deadline_at: null, pauses_simulation: true }),
    currentTimestep: 12,
  },
};

/** This viewer's answer is on its way. */
export const Submitting: Story = { args: { answerStatus: 'submitting' } };

/** This viewer's answer won. */
export const Accepted: Story = {
  args: {
    answerStatus: 'done',
    result: {
      ok: true,
      status: 'accepted',
      decisionId: 'dec-1',
      choice: 'recommended',
      resolvedBy: 'answer',
    },
  },
};

/** Another viewer answered first; the prompt shows what they chose. */
export const AlreadyDecidedByAnotherViewer: Story = {
  args: {
    decision: decisionRecord({
      resolution: {
        choice: 'alternative',
        resolved_by: 'answer',
        answered_by: 'viewer-2',
        timestep: 12,
      },
    }),
  },
};

/** Nobody answered in time: the default choice applied. */
export const Expired: Story = {
  args: {
    decision: decisionRecord({
      resolution: {
        choice: 'recommended',
        resolved_by: 'deadline',
        answered_by: null,
        timestep: 15,
      },
    }),
  },
};

/** The answer could not be delivered; the viewer can try again. */
export const ErrorState: Story = {
  name: 'Error',
  args: {
    answerStatus: 'error',
    error: new globalThis.Error('Could not reach the simulation server.'),
  },
};

/** No decision is pending. */
export const NonePending: Story = { args: { decision: null } };

/** The viewer answers: submitting, then the server's ack says the answer won. */
export const AnswerADecision: Story = {
  render: function Render(args: DecisionPromptViewProps) {
    const [status, setStatus] = useState<AnswerStatus>('idle');
    const [result, setResult] = useState<DecisionAnswerAck | null>(null);
    const answer = (choice: DecisionChoice) => {
      args.onAnswer(choice);
      setStatus('submitting');
      setTimeout(() => {
        setResult({
          ok: true,
          status: 'accepted',
          decisionId: 'dec-1',
          choice,
          resolvedBy: 'answer',
        });
        setStatus('done');
      }, 100);
    };
    return <DecisionPromptView {...args} answerStatus={status} result={result} onAnswer={answer} />;
  },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: /sell real estate/i }));
    await expect(args.onAnswer).toHaveBeenCalledWith('alternative');
    const outcome = await canvas.findByText('Your answer was accepted: Sell real estate.');
    // Focus moves to the outcome, so keyboard and screen reader users land on what happened.
    await waitFor(() => expect(outcome).toHaveFocus());
  },
};

const ALL: Array<[string, Partial<DecisionPromptViewProps>]> = [
  ['Pending', {}],
  ['Pending while paused', PendingWhilePaused.args ?? {}],
  ['Submitting', Submitting.args ?? {}],
  ['Accepted', Accepted.args ?? {}],
  ['Already decided by another viewer', AlreadyDecidedByAnotherViewer.args ?? {}],
  ['Expired', Expired.args ?? {}],
  ['Error', ErrorState.args ?? {}],
  ['None pending', NonePending.args ?? {}],
];

/** Every state side by side, for a glance. */
export const AllStates: Story = {
  render: (args) => (
    <div className="grid gap-4 md:grid-cols-2">
      {ALL.map(([name, stateArgs]) => {
        const decision = 'decision' in stateArgs ? stateArgs.decision : args.decision;
        // Distinct titles: each prompt is a labelled region, and landmarks need unique names.
        const titled = decision ? { ...decision, title: `${decision.title} (${name})` } : null;
        return <DecisionPromptView key={name} {...args} {...stateArgs} decision={titled} />;
      })}
    </div>
  ),
};
