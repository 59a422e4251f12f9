/**
 * The real server in its own process for the reconnect benchmark, with one simulation that
 * moves only when told (`advance`), so the parent decides exactly how many events a client
 * misses while it is cut off.
 */
import { loadConfig } from '../../apps/server/src/config.js';
import { createServer } from '../../apps/server/src/server.js';
import { FANOUT_SIMULATION, realisticTick } from '../lib/ticks.js';

export type ReconnectRequest = { cmd: 'advance'; events: number } | { cmd: 'exit' };
export type ReconnectReply =
  | { cmd: 'ready'; url: string; simulationId: string }
  | { cmd: 'advance'; seq: number };

const SIMULATION_ID = 'bench-reconnect';
const server = await createServer(
  loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DEMO_SIMULATION: 'off',
    REPLAY_LOG_SIZE: '50000',
    HTTP_RATE_LIMIT: '1000000',
  }),
);
const url = (await server.listen()).replace('localhost', '127.0.0.1');
const created = server.hub.create({ id: SIMULATION_ID, ...FANOUT_SIMULATION });
if (!created.ok) throw new Error(created.error.message);
const runtime = created.value;

const send = (m: ReconnectReply) => process.send?.(m);
process.on('message', (m: ReconnectRequest) => {
  if (m.cmd === 'exit') {
    void server.close().finally(() => process.exit(0));
    return;
  }
  const target = runtime.seq + m.events;
  while (runtime.seq < target) realisticTick(runtime);
  send({ cmd: 'advance', seq: runtime.seq });
});
send({ cmd: 'ready', url, simulationId: SIMULATION_ID });
