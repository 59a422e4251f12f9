import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './App.tsx';

// Which server and simulation to show: `?server=http://localhost:17170&sim=test-sim-123`.
const params = new URLSearchParams(window.location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App
      serverUrl={params.get('server') ?? 'http://localhost:17170'}
      simulationId={params.get('sim') ?? 'test-sim-123'}
    />
  </StrictMode>,
);
