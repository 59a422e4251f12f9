import {
  DecisionPrompt,
  EventFeed,
  LiveIndicator,
  SimulationStreamProvider,
  useSimulationSnapshot,
} from '@simstream/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '@simstream/react/styles.css'; // prebuilt CSS for apps without Tailwind
import { DefaultAlerts } from './DefaultAlerts.tsx';

const queryClient = new QueryClient();

export function App({ serverUrl, simulationId }: { serverUrl: string; simulationId: string }) {
  return (
    <QueryClientProvider client={queryClient}>
      <SimulationStreamProvider url={serverUrl}>
        <LiveIndicator simulationId={simulationId} />
        <Health simulationId={simulationId} />
        <DefaultAlerts simulationId={simulationId} />
        <EventFeed simulationId={simulationId} className="h-80" />
        <DecisionPrompt simulationId={simulationId} />
      </SimulationStreamProvider>
    </QueryClientProvider>
  );
}

// Any component of yours that reads the simulation's queries is live — no polling.
function Health({ simulationId }: { simulationId: string }) {
  const { data } = useSimulationSnapshot(simulationId);
  return <p>System health {Math.round((data?.snapshot.system_health ?? 0) * 100)}%</p>;
}
