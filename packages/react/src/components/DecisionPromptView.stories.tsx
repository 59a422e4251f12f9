import type { DecisionAnswerAck, DecisionChoice, DecisionRecord } from '@simstream/protocol';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { AnswerStatus } from './decisionPromptState.js';
import { DecisionPromptView, type DecisionPromptViewProps } from './DecisionPromptView.js';
import { decisionRecord, FIXTURE_NOW } from './fixtures.js';

const PENDING = decisionRecord();

/** The decisions a designer picks from. */
const DECISIONS = {
  pending: PENDING,
  'pending (simulation paused)': decisionRecord({ deadline_at: null, pauses_simulation: true }),
  'decided by another viewer': decisionRecord({
    resolution: {
      choice: 'alternative',
      resolved_by: 'answer',
      answered_by: 'viewer-2',
      timestep: 12,
    },
  }),
  'expired (deadline)': decisionRecord({
    resolution: { choice: 'recommended', resolved_by: 'deadline', answered_by: null, timestep: 15 },
  }),
  none: null,
} satisfies Record<string, DecisionRecord | null>;

const accepted = (choice: DecisionChoice): DecisionAnswerAck => ({
  ok: true,
  status: 'accepted',
  decisionId: PENDING.decision_id,
  choice,
  resolvedBy: 'answer',
});

/** This viewer's ack, as the server sent it. */
const RESULTS = {
  none: null,
  'accepted (recommended)': accepted('recommended'),
  'accepted (alternative)': accepted('alternative'),
  'refused (rate limited)': {
    ok: false,
    error: { code: 'rate_limited', message: 'Too many answers; wait a moment.' },
  },
} satisfies Record<string, DecisionAnswerAck | null>;

const ERRORS = {
  none: null,
  'server unreachable': new Error('Could not reach the simulation server.'),
} satisfies Record<string, Error | null>;

/** The story's args: named presets instead of raw objects. */
type PromptArgs = Omit<DecisionPromptViewProps, 'decision' | 'result' | 'error'> & {
  decision: keyof typeof DECISIONS;
  result: keyof typeof RESULTS;
  error: keyof typeof ERRORS;
};

function toViewProps({ decision, result, error, ...rest }: PromptArgs): DecisionPromptViewProps {
  return { ...rest, decision: DECISIONS[decision], result: RESULTS[result], error: ERRORS[error] };
}

const meta = {
  title: 'Kit/DecisionPrompt',
  component: DecisionPromptView as unknown as (args: PromptArgs) => React.JSX.Element,
  render: (args) => <DecisionPromptView {...toViewProps(args)} />,
  args: {
    decision: 'pending',
    answerStatus: 'idle',
    result: 'none',
    error: 'none',
    offline: false,
    now: FIXTURE_NOW,
    onAnswer: fn(),
    className: 'max-w-xl',
  },
  argTypes: {
    decision: { control: 'select', options: Object.keys(DECISIONS) },
    answerStatus: { control: 'radio', options: ['idle', 'submitting', 'done', 'error'] },
    result: { control: 'select', options: Object.keys(RESULTS) },
    error: { control: 'select', options: Object.keys(ERRORS) },
    choice: { control: 'radio', options: ['recommended', 'alternative'] },
    offline: { control: 'boolean' },
    now: { control: 'date' },
    currentTimestep: { control: 'number' },
    onAnswer: { control: false },
  },
} satisfies Meta<PromptArgs>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A decision waits for this viewer: two actions with their effects, and a countdown. */
export const Pending: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: PENDING.title })).toBeVisible();
    await expect(canvas.getByRole('button', { name: /sell non-performing loans/i })).toBeEnabled();
    await expect(canvas.getByRole('timer')).toHaveTextContent('10s left');
  },
};

/** The simulation pauses until someone decides; the deadline still counts steps. */
export const PendingWhilePaused: Story = {
  args: { decision: 'pending (simulation paused)', currentTimestep: 3 },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('timer')).toHaveTextContent('8 steps left');
  },
};

/** This viewer chose "Sell non-performing loans"; the answer is on its way. */
export const Submitting: Story = {
  args: { answerStatus: 'submitting', choice: 'recommended' },
  play: async ({ canvas }) => {
    await expect(
      canvas.getByRole('button', { name: /sell non-performing loans/i }),
    ).toHaveTextContent('Sending');
    await expect(canvas.getByRole('status')).toHaveTextContent(
      'Sending your answer: Sell non-performing loans…',
    );
  },
};

/** Answered while offline: the answer waits in the outbox and is sent when the connection returns. */
export const QueuedWhileOffline: Story = {
  args: { answerStatus: 'submitting', choice: 'alternative', offline: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region')).toHaveAttribute('data-state', 'queued');
    await expect(canvas.getByRole('button', { name: /hold and work out/i })).toHaveTextContent(
      'Queued',
    );
  },
};

/** This viewer's answer won: green, "Your answer" on the chosen action. */
export const Accepted: Story = {
  args: { answerStatus: 'done', result: 'accepted (recommended)' },
};

/** Another viewer answered first; the prompt shows who and what they chose. */
export const AlreadyDecidedByAnotherViewer: Story = {
  args: { decision: 'decided by another viewer' },
};

/** Nobody answered in time: the default choice applied (dashed, gray, a stopped timer). */
export const Expired: Story = { args: { decision: 'expired (deadline)' } };

/** The answer could not be delivered; the viewer can try again. */
export const ErrorState: Story = {
  name: 'Error',
  args: { answerStatus: 'error', error: 'server unreachable' },
};

/** No decision is pending. */
export const NonePending: Story = { args: { decision: 'none' } };

/** In a narrow sidebar the actions stack; the prompt reads its container, not the window. */
export const InANarrowColumn: Story = {
  render: (args) => (
    <div className="grid grid-cols-[18rem_1fr] gap-4">
      {['Narrow column', 'Wide column'].map((column) => (
        <section key={column} aria-label={column}>
          <DecisionPromptView
            {...toViewProps(args)}
            decision={PENDING && { ...PENDING, title: `${PENDING.title} (${column})` }}
            className=""
          />
        </section>
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    const tops = (name: string) =>
      within(canvas.getByRole('region', { name }))
        .getAllByRole('button')
        .map((button) => Math.round(button.getBoundingClientRect().top));
    const [narrowFirst, narrowSecond] = tops('Narrow column');
    await expect(narrowSecond).toBeGreaterThan(narrowFirst ?? 0);
    const [wideFirst, wideSecond] = tops('Wide column');
    await expect(wideSecond).toBe(wideFirst);
  },
};

/** The viewer answers: sending, then the server's ack says the answer won. */
export const AnswerADecision: Story = {
  render: function Render(args) {
    const [status, setStatus] = useState<AnswerStatus>('idle');
    const [result, setResult] = useState<DecisionAnswerAck | null>(null);
    const answer = (choice: DecisionChoice) => {
      args.onAnswer(choice);
      setStatus('submitting');
      setTimeout(() => {
        setResult(accepted(choice));
        setStatus('done');
      }, 100);
    };
    return (
      <DecisionPromptView
        {...toViewProps(args)}
        answerStatus={status}
        result={result}
        onAnswer={answer}
      />
    );
  },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: /hold and work out/i }));
    await expect(args.onAnswer).toHaveBeenCalledWith('alternative');
    const outcome = await canvas.findByText('Your answer was accepted: Hold and work out.');
    // Focus moves to the outcome, so keyboard and screen reader users land on what happened.
    await waitFor(() => expect(outcome.closest('[role="status"]')).toHaveFocus());
  },
};

/** Offline, the viewer answers: queued; the connection returns and the outbox delivers it. */
export const AnswerWhileOffline: Story = {
  render: function Render(args) {
    const [offline, setOffline] = useState(true);
    const [status, setStatus] = useState<AnswerStatus>('idle');
    const [result, setResult] = useState<DecisionAnswerAck | null>(null);
    const answer = (choice: DecisionChoice) => {
      args.onAnswer(choice);
      setStatus('submitting');
      setTimeout(() => setOffline(false), 300);
      setTimeout(() => {
        setResult(accepted(choice));
        setStatus('done');
      }, 400);
    };
    return (
      <DecisionPromptView
        {...toViewProps(args)}
        offline={offline}
        answerStatus={status}
        result={result}
        onAnswer={answer}
      />
    );
  },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: /sell non-performing loans/i }));
    await expect(await canvas.findByText(/is queued and will be sent/)).toBeVisible();
    await expect(
      await canvas.findByText('Your answer was accepted: Sell non-performing loans.'),
    ).toBeVisible();
  },
};

const ALL: Array<[string, Partial<PromptArgs>]> = [
  ['Pending', {}],
  ['Pending while paused', PendingWhilePaused.args ?? {}],
  ['Submitting', Submitting.args ?? {}],
  ['Queued while offline', QueuedWhileOffline.args ?? {}],
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
        const props = toViewProps({ ...args, ...stateArgs });
        // Distinct titles: each prompt is a labelled region, and landmarks need unique names.
        const decision = props.decision && {
          ...props.decision,
          title: `${props.decision.title} (${name})`,
        };
        return <DecisionPromptView key={name} {...props} decision={decision} className="" />;
      })}
    </div>
  ),
  play: async ({ canvasElement }) => {
    // Two columns at this width: the `md:grid-cols-2` of the story reached the CSS.
    const prompts = [...canvasElement.querySelectorAll('[data-slot="decision-prompt"]')];
    const [first, second] = prompts.map((p) => p.getBoundingClientRect());
    await expect(second?.top).toBe(first?.top);
    await expect(second?.left).toBeGreaterThan(first?.right ?? 0);
  },
};

/**
 * A host `p-8` replaces the prompt's own `p-4` (the kit's defaults sit in a CSS layer below
 * every utility); what it does not mention, such as the border, stays.
 */
export const HostClassNameWins: Story = {
  args: { className: 'max-w-xl p-8' },
  parameters: { visual: { skip: 'Checks computed styles; the look is the Pending story’s.' } },
  play: async ({ canvas }) => {
    const style = getComputedStyle(canvas.getByRole('region', { name: PENDING.title }));
    await expect(style.paddingTop).toBe('32px');
    await expect(style.borderTopWidth).toBe('1px');
    await expect(style.borderTopStyle).toBe('solid');
  },
};
