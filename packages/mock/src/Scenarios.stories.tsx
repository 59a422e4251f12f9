import { DecisionPrompt, EventFeed, LiveIndicator } from '@simstream/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import type { MockStreamParameters } from '../../../.storybook/mockStream.js';
import { type ScenarioName, scenarios } from './scenarios.js';

interface ScenarioViewProps {
  simulationId: string;
  /** The scenario's one-line description, shown above the dashboard. */
  description: string;
}

/** The kit's connected components on one scenario of the mock stream. */
function ScenarioView({ simulationId, description }: ScenarioViewProps) {
  return (
    <main className="grid max-w-5xl gap-3 font-ss-sans md:grid-cols-[2fr_1fr]">
      <header className="flex flex-wrap items-center justify-between gap-2 md:col-span-2">
        <p className="m-0 text-sm text-ss-muted-foreground">{description}</p>
        {/* A fixed-width slot: the indicator's width changes with its state and text. */}
        <div data-visual="indicator-slot" className="flex w-[30rem] max-w-full justify-end">
          <LiveIndicator simulationId={simulationId} />
        </div>
      </header>
      <EventFeed simulationId={simulationId} retention={12_000} className="h-96" />
      <DecisionPrompt simulationId={simulationId} />
    </main>
  );
}

/** Args and parameters of the story of one scenario. */
const scenario = (name: ScenarioName, extra: Omit<MockStreamParameters, 'scenario'> = {}) => ({
  args: { description: scenarios[name].description },
  parameters: { mockStream: { scenario: name, ...extra } },
});
const indicatorState = (canvasElement: HTMLElement) =>
  canvasElement.querySelector('[data-slot="live-indicator"]')?.getAttribute('data-state');
const rowCount = (canvasElement: HTMLElement) =>
  Number(
    within(canvasElement).getByRole('log').querySelector('li')?.getAttribute('aria-setsize') ?? 0,
  );

const meta = {
  title: 'Mock stream/Scenarios',
  component: ScenarioView,
  args: { simulationId: 'mock-sim', description: '' },
  // Live data arrives on real timers: the indicator, the rows and the countdown are masked in
  // the screenshots, and the layout around them is compared.
  parameters: {
    visual: { mask: ['[data-visual="indicator-slot"]', '[role="log"]', '[role="timer"]'] },
  },
} satisfies Meta<typeof ScenarioView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A quiet market: steady steps every second, no shocks, no decisions. */
export const CalmMarket: Story = scenario('calmMarket');

/** A real-estate crash: defaults spread to creditors through the interbank network. */
export const CrashWithContagion: Story = scenario('crashWithContagion');

/** A decision waits for an answer; the simulation is paused until someone decides. */
export const DecisionPending: Story = {
  ...scenario('decisionPending'),
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('group', { name: 'Choose an action' }, { timeout: 10_000 }),
    ).toBeVisible();
  },
};

/** Another viewer answers the pending decision 1.5 s in. */
export const DecisionResolvedByAnotherViewer: Story = {
  ...scenario('decisionResolvedElsewhere'),
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText(/Already decided by another-viewer/, {}, { timeout: 10_000 }),
    ).toBeVisible();
  },
};

/** The connection drops every 4 s and recovers each time. */
export const FlappingConnection: Story = scenario('flappingConnection');

/** The socket goes half-open after 2 s; the heartbeat catches it. */
export const HalfOpenConnection: Story = scenario('halfOpenConnection');

/** The server is down: the client retries, then shows Offline with a Reconnect button. */
export const ServerDown: Story = {
  ...scenario('serverDown'),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(indicatorState(canvasElement)).toBe('offline'), { timeout: 15_000 });
  },
};

/** The server refuses the handshake with `unauthorized`. */
export const AuthError: Story = scenario('authError');

/** An outage longer than the server's log: the client resyncs from the snapshot. */
export const ResyncAfterLongOutage: Story = scenario('resyncAfterOutage', {
  client: { reconnectAttempts: 20, reconnectDelayMs: 500 },
});

/** A simulation with 10,000 events of history, replayed into the feed on load. */
export const TenThousandEventBacklog: Story = {
  ...scenario('backlog10k'),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(rowCount(canvasElement)).toBeGreaterThanOrEqual(5_000), {
      timeout: 20_000,
    });
  },
};

/** About 200 events per second for 10 s; the feed keeps up and the page stays responsive. */
export const Burst200PerSecond: Story = {
  ...scenario('burst200'),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(indicatorState(canvasElement)).toBe('live'), { timeout: 10_000 });
    await waitFor(() => expect(rowCount(canvasElement)).toBeGreaterThan(200), { timeout: 10_000 });
  },
};
