/**
 * The real server in its own process for the reconnect storm, so its CPU is its own: one
 * small simulation ticking every second, and on request every Socket.IO connection cut at
 * once, the way the server cuts a slow consumer (queue dropped, WebSocket terminated: stock
 * socket.io-client reconnects by itself).
 */
import { cutSocket } from '../../apps/server/src/socket/backpressure.js';
import { startBenchServer } from '../lib/server.js';
import { realisticTick } from '../lib/ticks.js';
import type { StormServerReply, StormServerRequest } from './messages.js';

const SIMULATION_ID = 'bench-storm';
const TICK_MS = 1_000;

const { server, url, runtime } = await startBenchServer(SIMULATION_ID, {
  // Holds every event of a run, so a reconnect is always a replay, never a resync.
  REPLAY_LOG_SIZE: '200000',
});
const ticker = setInterval(() => realisticTick(runtime), TICK_MS);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const send = (message: StormServerReply) => process.send?.(message);

process.on('message', (message: StormServerRequest) => {
  if (message.cmd === 'cut') {
    const sockets = [...server.io.sockets.sockets.values()];
    const at = Date.now();
    const seq = runtime.seq;
    const cpu = cpuMs();
    for (const socket of sockets) {
      cutSocket(
        socket,
        { kind: 'error', error: { code: 'internal', message: 'Storm: every connection cut.' } },
        0,
      );
    }
    send({ cmd: 'cut', sockets: sockets.length, seq, at, cpuMs: cpu });
  } else if (message.cmd === 'seq') {
    send({ cmd: 'seq', seq: runtime.seq });
  } else if (message.cmd === 'cpu') {
    send({ cmd: 'cpu', cpuMs: cpuMs(), at: Date.now() });
  } else if (message.cmd === 'pause') {
    clearInterval(ticker);
    send({ cmd: 'pause', seq: runtime.seq });
  } else if (message.cmd === 'exit') {
    clearInterval(ticker);
    void server.close().finally(() => process.exit(0));
  }
});
send({ cmd: 'ready', url, simulationId: SIMULATION_ID, seq: runtime.seq });
