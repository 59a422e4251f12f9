'use client';
import {
  DecisionPrompt,
  EventFeed,
  LiveIndicator,
  SimulationStreamProvider,
  useSimulationSnapshot,
} from '@simstream/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';

export function Simulation({
  serverUrl,
  simulationId,
}: {
  serverUrl: string;
  simulationId: string;
}) {
  // One QueryClient per browser session (and per server render), never shared between users.
  const [queryClient] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <SimulationStreamProvider url={serverUrl}>
        <LiveIndicator simulationId={simulationId} className="self-start" />
        <Health simulationId={simulationId} />
        <div className="grid gap-4 md:grid-cols-2">
          <EventFeed simulationId={simulationId} className="h-80" />
          <DecisionPrompt simulationId={simulationId} />
        </div>
      </SimulationStreamProvider>
    </QueryClientProvider>
  );
}

// The kit's tokens are Tailwind colors here: `text-ss-live`, `border-ss-border`, …
function Health({ simulationId }: { simulationId: string }) {
  const { data } = useSimulationSnapshot(simulationId);
  const health = Math.round((data?.snapshot.system_health ?? 0) * 100);
  return (
    <p className="rounded-lg border border-ss-border p-3">
      System health <strong className="text-ss-live">{health}%</strong>
    </p>
  );
}
