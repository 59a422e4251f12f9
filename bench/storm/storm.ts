/**
 * Reconnect storm: thousands of stock socket.io-client viewers (in client children) of the
 * real server (in its own child) watch a ticking simulation; the server cuts every connection
 * at once. Measures the time from the cut until every socket is connected again with every
 * event up to the cut, the server's CPU over that time, and — after the simulation pauses
 * and every socket catches up to its last event — how many events were lost or came twice.
 */
import { loadavg } from 'node:os';
import { Child, sleep } from '../lib/child.js';
import type {
  StormClientReply,
  StormClientRequest,
  StormServerReply,
  StormServerRequest,
  StormTally,
} from './messages.js';

export interface StormResult {
  sockets: number;
  /** Connections the server cut. */
  cut: number;
  /** Cut → every socket connected again with every event up to the cut. */
  catchUpMs: number;
  /** Server CPU over that time, in % of one core. */
  serverCpuPercent: number;
  /** Server CPU with the same sockets streaming before the cut (the baseline). */
  steadyCpuPercent: number;
  /** 1-minute load average when every socket was back. */
  loadAverage: number;
  lost: number;
  duplicated: number;
  resyncs: number;
  reconnects: number;
}

/** How long the steady-state baseline is measured before the cut. */
const STEADY_MS = 5_000;

type ServerChild = Child<StormServerRequest, StormServerReply>;
type ClientChild = Child<StormClientRequest, StormClientReply>;

function sum(tallies: readonly StormTally[]): StormTally {
  const total: StormTally = {
    sockets: 0,
    connected: 0,
    back: 0,
    minSeq: Number.POSITIVE_INFINITY,
    lost: 0,
    duplicated: 0,
    resyncs: 0,
    reconnects: 0,
  };
  for (const t of tallies) {
    total.sockets += t.sockets;
    total.connected += t.connected;
    total.back += t.back;
    total.minSeq = Math.min(total.minSeq, t.minSeq);
    total.lost += t.lost;
    total.duplicated += t.duplicated;
    total.resyncs += t.resyncs;
    total.reconnects += t.reconnects;
  }
  return total;
}

async function caughtUp(
  clients: readonly ClientChild[],
  seq: number,
  timeoutMs: number,
  cut = false,
) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      const tallies = await Promise.all(clients.map((c) => c.request({ cmd: 'tally' })));
      const now = sum(tallies.map((t) => t.tally));
      reject(
        new Error(
          `not caught up to seq ${seq} within ${timeoutMs} ms: ${now.connected}/${now.sockets} connected (${now.back} since the cut), lowest seq ${now.minSeq}`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.all(clients.map((c) => c.request({ cmd: 'caughtUp', seq, cut }))),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Run one storm of `sockets` viewers spread over `children` client processes.
 *
 * @example
 * const result = await measureStorm({ sockets: 5_000, children: 4 });
 */
export async function measureStorm(options: {
  sockets: number;
  children: number;
  /** Longest wait for every socket to be back and caught up (the outcome under test). */
  timeoutMs?: number;
  log?: (line: string) => void;
}): Promise<StormResult> {
  const { sockets, children, timeoutMs = 60_000, log = () => {} } = options;
  const started: Array<ServerChild | ClientChild> = [];
  try {
    const { child: server, ready } = await Child.start<StormServerRequest, StormServerReply>(
      new URL('./serverChild.ts', import.meta.url),
      [],
      { raiseFileLimit: true },
    );
    started.push(server);
    if (ready.cmd !== 'ready') throw new Error('storm server did not start');
    const per = Math.ceil(sockets / children);
    const clients = await Promise.all(
      Array.from({ length: children }, async (_, i) => {
        const count = Math.min(per, sockets - i * per);
        const { child } = await Child.start<StormClientRequest, StormClientReply>(
          new URL('./clientChild.ts', import.meta.url),
          [ready.url, ready.simulationId, String(count)],
          { raiseFileLimit: true },
        );
        started.push(child);
        return child;
      }),
    );
    log(`  ${sockets} sockets open`);
    const { seq: openSeq } = await server.request({ cmd: 'seq' });
    await caughtUp(clients, openSeq, 180_000); // every socket connected and live
    // The baseline: the same sockets streaming, for as long as the storm took at most.
    const steadyFrom = await server.request({ cmd: 'cpu' });
    await sleep(STEADY_MS);
    const steadyTo = await server.request({ cmd: 'cpu' });
    await Promise.all(clients.map((c) => c.request({ cmd: 'arm' })));
    const cut = await server.request({ cmd: 'cut' });
    log(`  cut ${cut.sockets} at seq ${cut.seq}`);
    const progress = setInterval(async () => {
      const tallies = await Promise.all(clients.map((c) => c.request({ cmd: 'tally' })));
      const now = sum(tallies.map((t) => t.tally));
      log(`  +${((Date.now() - cut.at) / 1000).toFixed(0)} s: ${now.back}/${now.sockets} back`);
    }, 5_000);
    const back = await caughtUp(clients, cut.seq, timeoutMs, true).finally(() =>
      clearInterval(progress),
    );
    const doneAt = Math.max(...back.map((b) => b.at));
    const cpu = await server.request({ cmd: 'cpu' });
    const loadAverage = loadavg()[0] ?? Number.NaN;
    // Every event of the run, to the last: pause, then wait for every socket to have it.
    const { seq: last } = await server.request({ cmd: 'pause' });
    const end = await caughtUp(clients, last, 120_000);
    const total = sum(end.map((e) => e.tally));
    return {
      sockets: total.sockets,
      cut: cut.sockets,
      catchUpMs: doneAt - cut.at,
      serverCpuPercent: ((cpu.cpuMs - cut.cpuMs) / (cpu.at - cut.at)) * 100,
      steadyCpuPercent: ((steadyTo.cpuMs - steadyFrom.cpuMs) / (steadyTo.at - steadyFrom.at)) * 100,
      loadAverage,
      lost: total.lost,
      duplicated: total.duplicated,
      resyncs: total.resyncs,
      reconnects: total.reconnects,
    };
  } finally {
    await Promise.all(started.map((child) => child.stop({ cmd: 'exit' })));
  }
}
