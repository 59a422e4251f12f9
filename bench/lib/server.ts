import { loadConfig } from '../../apps/server/src/config.js';
import { createServer, type SimstreamServer } from '../../apps/server/src/server.js';
import type { SimulationRuntime } from '@simstream/hub';
import { FANOUT_SIMULATION } from './ticks.js';

/** A started benchmark server and the one simulation it serves. */
export interface BenchServer {
  server: SimstreamServer;
  /** The listening URL, on 127.0.0.1 (clients skip the `localhost` lookup). */
  url: string;
  runtime: SimulationRuntime;
}

/**
 * The real server, quiet and unthrottled, on a free port with no demo run, serving one
 * {@link FANOUT_SIMULATION} under `simulationId`. `env` adds or overrides config settings
 * (e.g. `REPLAY_LOG_SIZE`, `PARSER`).
 *
 * @example
 * const { url, runtime } = await startBenchServer('bench-reconnect', { REPLAY_LOG_SIZE: '50000' });
 */
export async function startBenchServer(
  simulationId: string,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const server = await createServer(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DEMO_SIMULATION: 'off',
      HTTP_RATE_LIMIT: '1000000',
      ...env,
    }),
  );
  const url = (await server.listen()).replace('localhost', '127.0.0.1');
  const created = server.hub.create({ id: simulationId, ...FANOUT_SIMULATION });
  if (!created.ok) throw new Error(created.error.message);
  return { server, url, runtime: created.value };
}
