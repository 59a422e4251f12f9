import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { MockStreamParameters } from '../../../../.storybook/mockStream.js';
import { DecisionPrompt } from './DecisionPrompt.js';
import { EventFeed } from './EventFeed.js';
import { LiveIndicator } from './LiveIndicator.js';

interface LiveDashboardProps {
  simulationId: string;
}

/** The three connected components side by side, as a product team would compose them. */
function LiveDashboard({ simulationId }: LiveDashboardProps) {
  return (
    <main className="grid max-w-5xl gap-4 font-ss-sans md:grid-cols-[2fr_1fr]">
      <header className="flex items-center justify-between md:col-span-2">
        <h2 className="m-0 text-lg font-semibold">Simulation {simulationId}</h2>
        {/* A fixed-width slot: the indicator's width changes with its state and text. */}
        <div data-visual="indicator-slot" className="flex w-[30rem] max-w-full justify-end">
          <LiveIndicator simulationId={simulationId} />
        </div>
      </header>
      <EventFeed simulationId={simulationId} className="h-[28rem]" />
      <DecisionPrompt simulationId={simulationId} />
    </main>
  );
}

const mockStream = (options: MockStreamParameters) => ({ mockStream: options });

const meta = {
  title: 'Kit/Live dashboard',
  component: LiveDashboard,
  args: { simulationId: 'mock-sim' },
  parameters: {
    layout: 'fullscreen',
    ...mockStream({ scenario: 'crashWithContagion', seed: 42 }),
    // Live data arrives on real timers: the indicator, the rows and the countdown are masked in
    // the screenshots, and the layout around them is compared.
    visual: { mask: ['[data-visual="indicator-slot"]', '[role="log"]', '[role="timer"]'] },
  },
  decorators: [
    (Story) => (
      <div className="p-4">
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof LiveDashboard>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A real-estate crash cascading through the interbank network, streamed live from the mock. */
export const CrashWithContagion: Story = {
  play: async ({ canvas }) => {
    const indicator = canvas
      .getAllByRole('status')
      .find((el) => el.dataset.slot === 'live-indicator');
    await waitFor(() => expect(indicator).toHaveAttribute('data-state', 'live'), {
      timeout: 10_000,
    });
    const log = canvas.getByRole('log', { name: 'Simulation events' });
    await waitFor(() => expect(within(log).getAllByText(/default/i).length).toBeGreaterThan(0), {
      timeout: 10_000,
    });
  },
};

/** A quiet market ticking every second. */
export const CalmMarket: Story = { parameters: mockStream({ scenario: 'calmMarket' }) };

/** A decision waits: the viewer answers it, through the real client, to the mock's hub. */
export const AnswerADecision: Story = {
  parameters: mockStream({ scenario: 'decisionPending' }),
  play: async ({ canvas }) => {
    const actions = await canvas.findByRole(
      'group',
      { name: 'Choose an action' },
      { timeout: 10_000 },
    );
    const [recommended] = within(actions).getAllByRole('button');
    await userEvent.click(recommended!);
    await expect(
      await canvas.findByText(/Your answer was accepted/, {}, { timeout: 10_000 }),
    ).toBeVisible();
  },
};

/** Another viewer answers first: the prompt shows who decided and what won. */
export const DecisionResolvedByAnotherViewer: Story = {
  parameters: mockStream({ scenario: 'decisionResolvedElsewhere' }),
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText(/Already decided by another-viewer/, {}, { timeout: 10_000 }),
    ).toBeVisible();
  },
};
