// @vitest-environment node
import { createStreamClient } from '@simstream/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SimulationStreamProvider } from './SimulationStreamProvider.js';
import { useConnectionState } from './useConnectionState.js';
import { useSimulationSnapshot } from './useSimulationSnapshot.js';
import { useSimulationStream } from './useSimulationStream.js';

function Status() {
  const connection = useConnectionState();
  const stream = useSimulationStream('demo');
  const snapshot = useSimulationSnapshot('demo');
  return (
    <p>
      {connection.status} {stream?.phase ?? 'none'} {snapshot.isPending ? 'pending' : 'data'}
    </p>
  );
}

describe('server rendering (Next.js app router)', () => {
  it('renders on the server without a window and without connecting', () => {
    expect(typeof window).toBe('undefined');
    let transportCalls = 0;
    const client = createStreamClient({
      url: 'http://sim.test',
      transport: () => {
        transportCalls++;
        throw new Error('no sockets during SSR');
      },
    });
    const html = renderToString(
      <QueryClientProvider client={new QueryClient()}>
        <SimulationStreamProvider client={client}>
          <Status />
        </SimulationStreamProvider>
      </QueryClientProvider>,
    );
    expect(html.replaceAll('<!-- -->', '')).toContain('idle none pending');
    expect(transportCalls).toBe(0);
  });
});
