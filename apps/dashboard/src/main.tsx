import { SimulationStreamProvider } from '@simstream/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';
import { readUrlSettings } from './urlSettings.js';

const settings = readUrlSettings(window.location.search);

const queryClient = new QueryClient({
  // The stream keeps simulation queries current; refetching on focus would only add load.
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SimulationStreamProvider
        {...(settings.serverUrl ? { url: settings.serverUrl } : {})}
        options={{
          ...(settings.reconnectAttempts !== undefined
            ? { reconnectAttempts: settings.reconnectAttempts }
            : {}),
          ...(settings.reconnectDelayMs !== undefined
            ? { reconnectDelayMs: settings.reconnectDelayMs }
            : {}),
        }}
      >
        <App />
      </SimulationStreamProvider>
    </QueryClientProvider>
  </StrictMode>,
);
