/**
 * The real server in its own process for the hostile-input test, so the memory measured is
 * the server's alone (RSS, after a full collection) and a crash shows as the process dying.
 * One simulation, `victim`, steps every 50 ms with its replay log already full. Unhandled
 * rejections are counted (and reported) instead of ending the process.
 */
import { type RunningServer, startServer } from '../integration/harness.js';

export type HostileRequest = { cmd: 'seq' } | { cmd: 'memory' } | { cmd: 'exit' };
export type HostileReply =
  | { cmd: 'ready'; url: string }
  | { cmd: 'seq'; seq: number }
  | { cmd: 'memory'; rss: number; heapUsed: number; rejections: string[] };

const rejections: string[] = [];
process.on('unhandledRejection', (reason) => {
  rejections.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
});

const running: RunningServer = await startServer(0, {
  HTTP_RATE_LIMIT: '1000000',
  CREATE_RATE_LIMIT: '1000000',
  MAX_MESSAGE_RATE: '10000',
  REPLAY_LOG_SIZE: '1000',
});
const created = running.server.hub.create({
  id: 'victim',
  banks: 60,
  funds: 10,
  seed: 3,
  stepIntervalMs: 50,
});
if (!created.ok) throw new Error(created.error.message);
const victim = created.value;
// A full replay log from the start, so memory measures the attack, not the log filling.
for (let i = 0; i < 1_100; i++) victim.stepNow();

const gc = (globalThis as { gc?: () => void }).gc;
const send = (message: HostileReply) => process.send?.(message);

process.on('message', async (message: HostileRequest) => {
  if (message.cmd === 'seq') send({ cmd: 'seq', seq: victim.seq });
  else if (message.cmd === 'memory') {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { rss, heapUsed } = process.memoryUsage();
    send({ cmd: 'memory', rss, heapUsed, rejections });
  } else if (message.cmd === 'exit') {
    await running.server.close();
    process.exit(0);
  }
});
send({ cmd: 'ready', url: running.url });
