/**
 * The real server in its own process for the reconnect benchmark, with one simulation that
 * moves only when told (`advance`), so the parent decides exactly how many events a client
 * misses while it is cut off.
 */
import { startBenchServer } from '../lib/server.js';
import { realisticTick } from '../lib/ticks.js';

export type ReconnectRequest = { cmd: 'advance'; events: number } | { cmd: 'exit' };
export type ReconnectReply =
  | { cmd: 'ready'; url: string; simulationId: string }
  | { cmd: 'advance'; seq: number };

const SIMULATION_ID = 'bench-reconnect';
const { server, url, runtime } = await startBenchServer(SIMULATION_ID, {
  REPLAY_LOG_SIZE: '50000',
});

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
