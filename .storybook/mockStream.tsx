import {
  createMemoryStorage,
  createStreamClient,
  type StreamClient,
  type StreamClientOptions,
} from '@simstream/client';
import { createMockStream, type MockStream, type MockStreamOptions } from '@simstream/mock';
import { SimulationStreamProvider } from '@simstream/react';
import type { Decorator } from '@storybook/react-vite';
import { type ReactNode, useEffect, useState } from 'react';
import { worker } from './mswWorker.js';

/** `parameters.mockStream` of a story: the mock's options plus client options. */
export interface MockStreamParameters extends MockStreamOptions {
  /** Client options; stories default to short retries and heartbeats so faults show fast. */
  client?: Partial<StreamClientOptions>;
}

/** Fast defaults: a story should reach Offline or catch a half-open socket in seconds. */
const STORY_CLIENT_OPTIONS: Partial<StreamClientOptions> = {
  reconnectAttempts: 3,
  reconnectDelayMs: 600,
  jitter: 0,
  heartbeatIntervalMs: 1_000,
  heartbeatTimeoutMs: 1_500,
  lingerMs: 0,
};

let active: MockStream | null = null;
/** Counts mock hosts, so every rendered story gets an origin of its own. */
let hosts = 0;

/**
 * The mock stream of the story being shown, for play functions that apply faults.
 *
 * @example
 * play: async () => { activeMockStream().controls.serverUp(); }
 */
export function activeMockStream(): MockStream {
  if (!active) throw new Error('No mock stream: give the story parameters.mockStream.');
  return active;
}

/** The mock stream of the story being shown, if it has one (the visual tests pause it). */
export function currentMockStream(): MockStream | null {
  return active;
}

function MockStreamHost({
  id,
  options,
  children,
}: {
  id: string;
  options: MockStreamParameters;
  children: ReactNode;
}) {
  const [setup] = useState(() => {
    const { client: clientOptions, ...mockOptions } = options;
    // One origin per rendered story, not per story id: a docs page renders a story twice (the
    // hero and its own block), and two mocks on one origin answer each other's clients
    // (msw-storybook-addon #83), which showed as false recoveries.
    const url = `http://${id.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}-${++hosts}.sim.test`;
    const mock = createMockStream({ url, ...mockOptions });
    worker.use(...mock.handlers);
    const client: StreamClient = createStreamClient({
      url: mock.url,
      storage: createMemoryStorage(),
      ...STORY_CLIENT_OPTIONS,
      ...clientOptions,
    });
    active = mock;
    return { mock, client };
  });
  useEffect(
    () => () => {
      setup.client.destroy();
      setup.mock.dispose();
      if (active === setup.mock) active = null;
    },
    [setup],
  );
  return <SimulationStreamProvider client={setup.client}>{children}</SimulationStreamProvider>;
}

/**
 * Runs the story against a fresh mock stream (`parameters.mockStream`): the real engine in
 * the real hub behind msw, and a real StreamClient in a SimulationStreamProvider.
 *
 * @example
 * export const Crash = { parameters: { mockStream: { scenario: 'crashWithContagion' } } };
 */
export const withMockStream: Decorator = (Story, context) => {
  const options = context.parameters.mockStream as MockStreamParameters | undefined;
  if (!options) return <Story />;
  // The toolbar's Speed: a new speed restarts the story's mock (a new key, a new host).
  const speed = Number(context.globals.speed ?? 1) || 1;
  return (
    <MockStreamHost key={`${context.id}@${speed}`} id={context.id} options={{ speed, ...options }}>
      <Story />
    </MockStreamHost>
  );
};
