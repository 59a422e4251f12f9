import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { activeMockStream, type MockStreamParameters } from '../../../.storybook/mockStream.js';
import { LiveIndicator } from './components/LiveIndicator.js';
import { useConnectionState } from './useConnectionState.js';
import { useSimulationSnapshot } from './useSimulationSnapshot.js';
import { useSimulationStream } from './useSimulationStream.js';

interface ProviderWiringProps {
  simulationId: string;
}

/**
 * What a component under `SimulationStreamProvider` sees: the connection state, the
 * simulation's stream state and its live snapshot query, straight from the hooks.
 */
function ProviderWiring({ simulationId }: ProviderWiringProps) {
  const connection = useConnectionState();
  const stream = useSimulationStream(simulationId);
  const snapshot = useSimulationSnapshot(simulationId);
  const rows: Array<[string, string]> = [
    ['Connection', connection.status],
    ['Phase', stream?.phase ?? '—'],
    ['Last seq', String(stream?.lastSeq ?? 0)],
    ['Last recovery', stream?.lastRecovery?.kind ?? '—'],
    ['Snapshot timestep', String(snapshot.data?.snapshot.timestep ?? '—')],
    [
      'Alive entities',
      String(snapshot.data?.snapshot.entities.filter((e) => e.alive).length ?? '—'),
    ],
  ];
  return (
    <section aria-label="Provider wiring" className="grid max-w-md gap-3 font-ss-sans">
      {/* Full width: the indicator's box is the same size in every state (a stable mask). */}
      <LiveIndicator simulationId={simulationId} className="w-full" />
      <dl className="m-0 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-ss-muted-foreground">{term}</dt>
            <dd className="m-0 font-ss-mono" data-term={term}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const mockStream = (options: MockStreamParameters) => ({ mockStream: options });
const value = (canvasElement: HTMLElement, term: string) =>
  canvasElement.querySelector(`dd[data-term="${term}"]`)?.textContent ?? '';
const indicatorState = (canvasElement: HTMLElement) =>
  canvasElement.querySelector('[data-slot="live-indicator"]')?.getAttribute('data-state');

const meta = {
  title: 'Kit/SimulationStreamProvider',
  component: ProviderWiring,
  args: { simulationId: 'mock-sim' },
  parameters: {
    ...mockStream({ scenario: 'calmMarket' }),
    // The values change with every event: masked in the screenshots, the layout compared.
    visual: { mask: ['[data-slot="live-indicator"]', 'dd'] },
  },
} satisfies Meta<typeof ProviderWiring>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A real StreamClient in the provider, fed by the mock: live, with the REST snapshot applied. */
export const Connected: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(value(canvasElement, 'Connection')).toBe('live'), {
      timeout: 10_000,
    });
    await waitFor(() => expect(value(canvasElement, 'Phase')).toBe('live'), { timeout: 10_000 });
    await waitFor(() => expect(Number(value(canvasElement, 'Last seq'))).toBeGreaterThan(0));
    await expect(value(canvasElement, 'Snapshot timestep')).not.toBe('—');
  },
};

/** The server is down: the client retries, gives up (Offline), and the user reconnects once it is back. */
export const ReconnectFromOffline: Story = {
  parameters: mockStream({ scenario: 'serverDown' }),
  play: async ({ canvas, canvasElement, step }) => {
    await step('retries run out: Offline', async () => {
      await waitFor(() => expect(indicatorState(canvasElement)).toBe('offline'), {
        timeout: 15_000,
      });
    });
    await step('the server comes back; the user presses Reconnect', async () => {
      activeMockStream().controls.serverUp();
      await userEvent.click(canvas.getByRole('button', { name: /reconnect/i }));
    });
    await waitFor(() => expect(indicatorState(canvasElement)).toBe('live'), { timeout: 10_000 });
    await waitFor(() => expect(Number(value(canvasElement, 'Last seq'))).toBeGreaterThan(0), {
      timeout: 5_000,
    });
  },
};

/** The handshake is refused with `unauthorized`: the indicator shows the error, not a retry loop. */
export const AuthError: Story = {
  parameters: mockStream({ scenario: 'authError' }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(indicatorState(canvasElement)).toBe('error'), { timeout: 10_000 });
  },
};

/** The socket goes half-open after 2 s; the heartbeat notices, and the client reconnects and replays. */
export const HalfOpenConnection: Story = {
  parameters: mockStream({ scenario: 'halfOpenConnection' }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(indicatorState(canvasElement)).toBe('live'), { timeout: 10_000 });
    await waitFor(() => expect(indicatorState(canvasElement)).not.toBe('live'), {
      timeout: 10_000,
    });
    await waitFor(() => expect(indicatorState(canvasElement)).toBe('live'), { timeout: 10_000 });
    await waitFor(() => expect(value(canvasElement, 'Last recovery')).toBe('replayed'), {
      timeout: 5_000,
    });
  },
};

/** A 3 s outage outlives the server's 100-event log: on reconnect the client resyncs from the snapshot. */
export const ResyncAfterLongOutage: Story = {
  parameters: mockStream({
    scenario: 'resyncAfterOutage',
    client: { reconnectAttempts: 20, reconnectDelayMs: 500 },
  }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(value(canvasElement, 'Last recovery')).toBe('resynced'), {
      timeout: 15_000,
    });
    await waitFor(() => expect(indicatorState(canvasElement)).toBe('live'), { timeout: 5_000 });
  },
};

/** The connection drops every 4 s; every reconnect replays what was missed (never a gap). */
export const FlappingConnection: Story = {
  parameters: mockStream({ scenario: 'flappingConnection' }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(value(canvasElement, 'Last recovery')).toBe('replayed'), {
      timeout: 15_000,
    });
  },
};
