/**
 * The stream client against the real server: helpers to start `apps/server` on a port,
 * create manually stepped simulations, and run clients whose query caches we compare.
 */
import type { CreateSimulationRequest } from '@simstream/protocol';
import { loadConfig } from '../../apps/server/src/config.js';
import { createServer, type SimstreamServer } from '../../apps/server/src/server.js';

export { openViewer, settled, type Viewer, waitUntil } from './viewer.js';

export interface RunningServer {
  server: SimstreamServer;
  url: string;
  port: number;
}

/**
 * Start the real server on `port` (0: any free port). `beforeListen` runs on the created
 * server before it accepts connections (e.g. to have a simulation already far along when
 * clients of a previous server life reconnect).
 */
export async function startServer(
  port = 0,
  env: Record<string, string> = {},
  beforeListen: (server: SimstreamServer) => void = () => {},
): Promise<RunningServer> {
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DEMO_SIMULATION: 'off',
    SHUTDOWN_TIMEOUT_MS: '1000',
    ...env,
  });
  const server = await createServer(config);
  beforeListen(server);
  const url = (await server.listen()).replace('localhost', '127.0.0.1');
  return { server, url, port: Number(new URL(url).port) };
}

/** A simulation that moves only when the test steps it; decisions come early and often. */
export function createManualSimulation(
  running: Pick<RunningServer, 'server'>,
  request: CreateSimulationRequest = {},
) {
  const created = running.server.hub.create({
    banks: 8,
    funds: 2,
    seed: 42,
    autoStart: false,
    decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 2 },
    ...request,
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

/** Step a manual simulation `n` times. */
export function step(runtime: { stepNow(): unknown }, n: number): void {
  for (let i = 0; i < n; i++) runtime.stepNow();
}

/** Drop one client's socket from the server side (a network cut), found by its handshake token. */
export function cutConnection(running: RunningServer, token: string): number {
  let cut = 0;
  for (const socket of running.server.io.sockets.sockets.values()) {
    if ((socket.handshake.auth as { token?: string }).token === token) {
      socket.disconnect(true);
      cut++;
    }
  }
  return cut;
}
