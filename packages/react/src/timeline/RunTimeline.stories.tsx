import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fireEvent, userEvent, waitFor, within } from 'storybook/test';
import type { MockStreamParameters } from '../../../../.storybook/mockStream.js';
import { EventFeed } from '../components/EventFeed.js';
import { ExposureNetwork } from '../network/ExposureNetwork.js';
import { RunTimeline } from './RunTimeline.js';
import { useSimulationTimeline } from './useSimulationTimeline.js';

interface RecordedRunProps {
  simulationId: string;
  /** The mock scenario's step interval, so 1× replays at the pace the run was recorded. */
  stepIntervalMs: number;
}

/** A run's network and feed, both following one timeline: live, or the timestep scrubbed to. */
function RecordedRun({ simulationId, stepIntervalMs }: RecordedRunProps) {
  const timeline = useSimulationTimeline(simulationId, { stepIntervalMs });
  return (
    <main className="grid max-w-5xl gap-4 font-ss-sans md:grid-cols-[2fr_1fr]">
      <ExposureNetwork
        simulationId={simulationId}
        at={timeline.position}
        height={320}
        animate={false}
      />
      <EventFeed simulationId={simulationId} at={timeline.position} className="h-[22rem]" />
      <RunTimeline timeline={timeline} className="md:col-span-2" />
    </main>
  );
}

const mockStream = (options: MockStreamParameters) => ({ mockStream: options });
const SLOW = { timeout: 15_000 };

const meta = {
  title: 'Kit/Recorded run',
  component: RecordedRun,
  args: { simulationId: 'mock-sim', stepIntervalMs: 700 },
  parameters: {
    layout: 'padded',
    // Seed 42: calm for 3 s, then a crash whose defaults keep arriving over later steps.
    ...mockStream({ scenario: 'crashWithContagion', seed: 42 }),
    visual: {
      skip: 'a live run whose timestep moves and a canvas whose d3-force layout settles over frames; the play functions assert the timeline, the network and the feed',
    },
  },
} satisfies Meta<typeof RecordedRun>;
export default meta;
type Story = StoryObj<typeof meta>;

function parts(canvasElement: HTMLElement) {
  const c = within(canvasElement);
  const timeline = c.getByRole('group', { name: 'Run timeline' });
  return {
    c,
    timeline,
    network: () => c.getByRole('region', { name: 'Exposure network' }),
    feed: () => c.getByRole('log', { name: 'Simulation events' }),
    status: () => within(timeline).getByRole('status'),
    slider: () => within(timeline).getByRole<HTMLInputElement>('slider', { name: 'Timestep' }),
    live: () => within(timeline).getByRole('button', { name: 'Live' }),
  };
}

/** Waits until the crash has hit: defaults in the live network and in the live feed. */
async function waitForCrash(p: ReturnType<typeof parts>) {
  await waitFor(
    () => expect(Number(p.network().getAttribute('data-defaulted'))).toBeGreaterThan(0),
    SLOW,
  );
  await waitFor(
    () => expect(within(p.feed()).getAllByText(/default/i).length).toBeGreaterThan(0),
    SLOW,
  );
}

/** Scrubs back to `timestep` and waits until the past is shown. */
async function scrubTo(p: ReturnType<typeof parts>, timestep: number) {
  fireEvent.change(p.slider(), { target: { value: String(timestep) } });
  await waitFor(
    () => expect(p.status()).toHaveTextContent(new RegExp(`Viewing timestep ${timestep} of`)),
    SLOW,
  );
}

/**
 * The crash has happened live; scrubbing back to timestep 2 shows the calm before it (every
 * bank alive, no default in the feed), and "Live" returns to now.
 */
export const ScrubBackBeforeTheCrash: Story = {
  play: async ({ canvasElement }) => {
    const p = parts(canvasElement);
    await waitForCrash(p);
    await expect(p.live()).toHaveAttribute('aria-pressed', 'true');

    await scrubTo(p, 2);
    await expect(p.timeline).toHaveAttribute('data-state', 'scrubbing');
    await waitFor(() => expect(p.network()).toHaveAttribute('data-defaulted', '0'), SLOW);
    await expect(within(p.feed()).queryAllByText(/default/i)).toHaveLength(0);
    await expect(p.live()).toHaveAttribute('aria-pressed', 'false');

    await userEvent.click(p.live());
    await expect(p.timeline).toHaveAttribute('data-state', 'live');
    await expect(p.status()).toHaveTextContent(/Live at timestep \d+/);
    await waitFor(
      () => expect(Number(p.network().getAttribute('data-defaulted'))).toBeGreaterThan(0),
      SLOW,
    );
    await expect(within(p.feed()).getAllByText(/default/i).length).toBeGreaterThan(0);
  },
};

/**
 * Replay: from the calm before the crash, play at 2× until the defaults reappear in the
 * network, pause (the timestep holds still), then return to live.
 */
export const ReplayTheCascade: Story = {
  play: async ({ canvasElement }) => {
    const p = parts(canvasElement);
    await waitForCrash(p);
    await scrubTo(p, 2);
    await waitFor(() => expect(p.network()).toHaveAttribute('data-defaulted', '0'), SLOW);

    await userEvent.selectOptions(within(p.timeline).getByRole('combobox', { name: 'Speed' }), '2');
    await expect(within(p.timeline).getByRole('combobox', { name: 'Speed' })).toHaveValue('2');
    await userEvent.click(within(p.timeline).getByRole('button', { name: 'Play' }));
    await expect(p.timeline).toHaveAttribute('data-state', 'playing');
    await waitFor(() => expect(p.status()).toHaveTextContent(/Replaying timestep \d+ of/), SLOW);
    // The replay reaches the crash: the network loses banks again, as it did live.
    await waitFor(
      () => expect(Number(p.network().getAttribute('data-defaulted'))).toBeGreaterThan(0),
      SLOW,
    );

    await userEvent.click(within(p.timeline).getByRole('button', { name: 'Pause' }));
    await expect(p.timeline).toHaveAttribute('data-state', 'scrubbing');
    await expect(p.status()).toHaveTextContent(/Viewing timestep \d+ of/);
    const paused = p.slider().value;
    // Paused: two live steps later (700 ms each), the replay has not moved.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await expect(p.slider().value).toBe(paused);
    await expect(p.timeline).toHaveAttribute('data-state', 'scrubbing');
    await expect(within(p.timeline).getByRole('button', { name: 'Play' })).toBeEnabled();

    await userEvent.click(p.live());
    await expect(p.timeline).toHaveAttribute('data-state', 'live');
    await expect(within(p.timeline).getByRole('button', { name: 'Play' })).toBeDisabled();
  },
};

/** Live: the scrubber follows the run's newest timestep and Play is disabled until you scrub. */
export const Live: Story = {
  play: async ({ canvasElement }) => {
    const p = parts(canvasElement);
    await waitFor(() => expect(p.status()).toHaveTextContent(/Live at timestep \d+/), SLOW);
    await expect(p.live()).toHaveAttribute('aria-pressed', 'true');
    await expect(within(p.timeline).getByRole('button', { name: 'Play' })).toBeDisabled();
  },
};
