import '@testing-library/jest-dom/vitest';
import type { Envelope, SubscribeRequest } from '@simstream/protocol';
import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decisionEvent, shockEvent, stepEvent } from '../../client/src/testing/fixtures.js';
import { setup } from '../../client/src/testing/harness.js';
import { SimulationStreamProvider } from './SimulationStreamProvider.js';
import { useAnswerDecision } from './useAnswerDecision.js';
import { useConnectionState } from './useConnectionState.js';
import { usePendingDecision } from './useDecisions.js';
import { useEntity } from './useEntity.js';
import { useSimulationEvents } from './useSimulationEvents.js';
import { useSimulationSnapshot } from './useSimulationSnapshot.js';
import { useStreamClient } from './useStreamClient.js';
import { useWebSocket } from './useWebSocket.js';
import type { FeedEvent } from '@simstream/client';

afterEach(() => {
  cleanup();
});

function harness() {
  const { client, server } = setup({ lingerMs: 50 });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SimulationStreamProvider client={client} queryClient={queryClient}>
      {children}
    </SimulationStreamProvider>
  );
  return { client, server, queryClient, wrapper };
}

/** A component of the user's own: reads the snapshot query, nothing kit-specific. */
function HealthReadout({ simulationId }: { simulationId: string }) {
  const { data } = useSimulationSnapshot(simulationId);
  if (!data) return <p>loading</p>;
  return (
    <p>
      timestep {data.snapshot.timestep} at seq {data.seq}
    </p>
  );
}

describe('SimulationStreamProvider', () => {
  it('hooks outside a provider say what is missing', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useStreamClient())).toThrow(/No SimulationStreamProvider set/);
    vi.restoreAllMocks();
  });

  it('opens one connection under StrictMode, however many components watch', async () => {
    const { server, wrapper: Wrapper } = harness();
    render(
      <StrictMode>
        <Wrapper>
          <HealthReadout simulationId="sim" />
          <HealthReadout simulationId="sim" />
        </Wrapper>
      </StrictMode>,
    );
    await screen.findAllByText('timestep 0 at seq 0');
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    expect(server.transportCalls).toBe(1);
    expect(server.restCalls.filter((p) => p.endsWith('/snapshot'))).toHaveLength(1);
    expect(server.connectAttempts).toBe(1);
    expect(server.memory.sockets.filter((s) => s.connected)).toHaveLength(1);
  });
});

describe('live queries', () => {
  it("a user's own component reading useSimulationSnapshot updates live from the stream", async () => {
    const { server, wrapper: Wrapper } = harness();
    render(
      <Wrapper>
        <HealthReadout simulationId="sim" />
      </Wrapper>,
    );
    await screen.findByText('timestep 0 at seq 0');
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    act(() => {
      server.publish('sim', [stepEvent('sim', 1), shockEvent(1), stepEvent('sim', 2)]);
    });
    await screen.findByText('timestep 2 at seq 3');
    expect(server.restCalls.filter((p) => p.endsWith('/snapshot'))).toHaveLength(1); // no polling
  });
});

describe('step encoding', () => {
  /** The step encoding of the newest subscribe the server got. */
  const lastSteps = (server: ReturnType<typeof harness>['server']) =>
    (server.emitted.filter((e) => e.event === 'subscribe').at(-1)?.payload as SubscribeRequest)
      ?.steps;

  it('live queries ask for compact steps; the events query holds step summaries, the snapshot query the state', async () => {
    const { server, wrapper } = harness();
    const { result } = renderHook(
      () => ({ events: useSimulationEvents('sim'), snapshot: useSimulationSnapshot('sim') }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.events.data).toEqual([]));
    await waitFor(() => expect(server.subscription('sim')?.steps).toBe('compact'));
    act(() => {
      server.publish('sim', [stepEvent('sim', 1), stepEvent('sim', 2), shockEvent(2)]);
    });
    await waitFor(() => expect(result.current.events.data).toHaveLength(3));
    const events: FeedEvent[] = result.current.events.data!;
    expect(events[1]).toMatchObject({
      seq: 2,
      type: 'simulation_step',
      data: { timestep: 2, system_health: 0.9, alive_agents: 3 },
    });
    expect(events[1]!.data).not.toHaveProperty('snapshot');
    expect(result.current.snapshot.data?.snapshot.timestep).toBe(2);
  });

  it('useWebSocket asks for full steps, so onMessage gets the snapshot; a listener without steps leaves deltas', async () => {
    const { server, wrapper } = harness();
    const messages: Envelope[] = [];
    const { rerender } = renderHook(
      ({ types }: { types?: Envelope['type'][] }) => {
        useSimulationEvents('sim');
        return useWebSocket('sim', {
          ...(types ? { types } : {}),
          onMessage: (m) => messages.push(m),
        });
      },
      { wrapper, initialProps: {} },
    );
    await waitFor(() => expect(server.subscription('sim')?.steps).toBe('full'));
    expect(lastSteps(server)).toBe('full');
    act(() => {
      server.publish('sim', [stepEvent('sim', 1), stepEvent('sim', 2)]);
    });
    const step = messages.at(-1);
    expect(step?.type).toBe('simulation_step');
    if (step?.type !== 'simulation_step') throw new Error('expected a full step');
    expect(step.data.snapshot.timestep).toBe(2);

    rerender({ types: ['entity_default'] });
    await waitFor(() => expect(server.subscription('sim')?.steps).toBe('compact'));
  });
});

describe('useWebSocket', () => {
  it('returns the spec fields and calls onConnect, onMessage and onDisconnect', async () => {
    const { server, client, wrapper } = harness();
    const messages: Envelope[] = [];
    const onConnect = vi.fn();
    const onDisconnect = vi.fn();
    const { result } = renderHook(
      () =>
        useWebSocket('sim', {
          types: ['shock_applied'],
          onMessage: (m) => messages.push(m),
          onConnect,
          onDisconnect,
        }),
      { wrapper },
    );
    expect(result.current).toMatchObject({ isConnected: false, lastMessage: null });
    expect(typeof result.current.disconnect).toBe('function');
    expect(typeof result.current.reconnect).toBe('function');
    await waitFor(() => expect(result.current.isConnected).toBe(true));
    expect(result.current.connection.status).toBe('live');
    expect(onConnect).toHaveBeenCalledTimes(1);

    act(() => {
      server.publish('sim', [stepEvent('sim', 1), shockEvent(1)]);
    });
    expect(messages.map((m) => m.type)).toEqual(['shock_applied']);
    expect(result.current.lastMessage).toMatchObject({ type: 'shock_applied', seq: 2 });

    act(() => result.current.disconnect());
    expect(result.current.isConnected).toBe(false);
    expect(onDisconnect).toHaveBeenCalledTimes(1);
    expect(client.getSnapshot().connection).toMatchObject({ status: 'offline', reason: 'manual' });

    act(() => result.current.reconnect());
    await waitFor(() => expect(result.current.isConnected).toBe(true));
    expect(onConnect).toHaveBeenCalledTimes(2);
  });

  it('useConnectionState follows the state machine', async () => {
    const { server, wrapper } = harness();
    const { result } = renderHook(
      () => {
        useWebSocket('sim');
        return useConnectionState();
      },
      { wrapper },
    );
    await waitFor(() => expect(result.current.status).toBe('live'));
    // The server goes away (down() also drops the open connection).
    act(() => {
      server.up = false;
    });
    expect(result.current).toMatchObject({ status: 'reconnecting', attempt: 1, maxAttempts: 5 });
  });
});

describe('decisions and entities', () => {
  it('usePendingDecision shows a new decision; useAnswerDecision answers it through the outbox', async () => {
    const { server, wrapper } = harness();
    const { result } = renderHook(
      () => ({ pending: usePendingDecision('sim'), answer: useAnswerDecision('sim') }),
      { wrapper },
    );
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    expect(result.current.pending).toBeNull();
    act(() => {
      server.publish('sim', [decisionEvent('d1', 1)]);
    });
    await waitFor(() => expect(result.current.pending?.decision_id).toBe('d1'));
    expect(result.current.answer.status).toBe('idle');
    await act(async () => {
      await result.current.answer.answer('d1', 'alternative');
    });
    expect(result.current.answer).toMatchObject({
      status: 'done',
      result: { ok: true, status: 'accepted', choice: 'alternative' },
      error: null,
    });
    act(() => {
      server.publish('sim', [
        {
          type: 'decision_resolved',
          data: {
            decision_id: 'd1',
            choice: 'alternative',
            resolved_by: 'answer',
            answered_by: 'me',
            timestep: 1,
          },
        },
      ]);
    });
    await waitFor(() => expect(result.current.pending).toBeNull());
    act(() => result.current.answer.reset());
    expect(result.current.answer.status).toBe('idle');
  });

  it('useEntity follows the entity live', async () => {
    const { server, wrapper } = harness();
    const { result } = renderHook(() => useEntity('sim', 'BANK_002'), { wrapper });
    await waitFor(() => expect(result.current.data?.alive).toBe(true));
    act(() => {
      server.publish('sim', [
        {
          type: 'entity_default',
          data: { entity_id: 'BANK_002', entity_type: 'bank', timestep: 1 },
        },
      ]);
    });
    await waitFor(() =>
      expect(result.current.data).toMatchObject({ alive: false, defaulted_at: 1 }),
    );
  });
});
