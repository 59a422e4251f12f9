/**
 * Many kit viewers spread over a few child processes (viewerChild.ts), as many browsers
 * would be: the test asks them for their states and compares their caches by a canonical
 * digest, and can fetch one viewer's caches whole to show a difference.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { simulationKeys } from '@simstream/client';
import stringify from 'safe-stable-stringify';
import { sourceNodeArgs } from '../../scripts/serverLaunch.mjs';
import type { Viewer } from '../integration/viewer.js';

export type FleetRequest =
  | { cmd: 'open'; url: string; simulationId: string; count: number; spacingMs: number }
  | { cmd: 'states'; simulationId: string }
  | { cmd: 'caches'; index: number }
  | { cmd: 'stop' };

/** What one viewer shows, as the test checks it. */
export interface ViewerState {
  connection: string;
  lastSeq: number;
  snapshotSeq: number | undefined;
  lastEventSeq: number | undefined;
  fetching: number;
  /** The events query's error, if it failed. */
  eventsError: string | undefined;
  /** A digest of the caches (snapshot, events, decisions), equal for equal caches. */
  digest: string;
}

/**
 * A viewer's state: connection, seqs, whether it is fetching, and its caches' digest.
 *
 * @example
 * const settled = viewerState(viewer, 'sim-1').snapshotSeq === seq;
 */
export function viewerState(viewer: Viewer, simulationId: string): ViewerState {
  const caches = viewer.caches();
  const snapshot = caches.snapshot as { seq: number } | undefined;
  const events = caches.events as Array<{ seq: number }> | undefined;
  const eventsQuery = viewer.queryClient.getQueryState(simulationKeys.events(simulationId));
  return {
    connection: viewer.client.getSnapshot().connection.status,
    lastSeq: viewer.lastSeq(),
    snapshotSeq: snapshot?.seq,
    lastEventSeq: events?.at(-1)?.seq,
    fetching: viewer.queryClient.isFetching(),
    eventsError: eventsQuery?.error?.message,
    digest: createHash('sha256')
      .update(stringify(caches) ?? '')
      .digest('hex'),
  };
}

export interface ViewerFleet {
  /** Open `count` viewers of `simulationId` on `url`, spread over the processes, `spacingMs` apart in each. */
  open(url: string, simulationId: string, count: number, spacingMs: number): Promise<void>;
  /** Every viewer's state, in a stable order. */
  states(simulationId: string): Promise<ViewerState[]>;
  /** The caches of the viewer at `index` (in `states` order). */
  caches(index: number): Promise<unknown>;
  /** Stop every viewer and process. */
  stop(): Promise<void>;
}

/**
 * Start `processes` viewer processes.
 *
 * @example
 * const fleet = await startViewerFleet(4);
 * await fleet.open(cluster.url, 'sim-1', 300, 100);
 */
export async function startViewerFleet(processes: number): Promise<ViewerFleet> {
  const children = await Promise.all(Array.from({ length: processes }, startChild));
  const perChild = async (index: number) => {
    let offset = 0;
    for (let i = 0; i < children.length; i++) {
      const count = ((await children[i]!.ask({ cmd: 'states', simulationId: '' })) as unknown[])
        .length;
      if (index < offset + count) return { child: children[i]!, local: index - offset };
      offset += count;
    }
    throw new Error(`no viewer ${index}`);
  };
  return {
    async open(url, simulationId, count, spacingMs) {
      await Promise.all(
        children.map((child, i) => {
          const share = Math.floor(count / processes) + (i < count % processes ? 1 : 0);
          return child.ask({ cmd: 'open', url, simulationId, count: share, spacingMs });
        }),
      );
    },
    async states(simulationId) {
      const all = await Promise.all(children.map((c) => c.ask({ cmd: 'states', simulationId })));
      return (all as ViewerState[][]).flat();
    },
    async caches(index) {
      const { child, local } = await perChild(index);
      return child.ask({ cmd: 'caches', index: local });
    },
    async stop() {
      await Promise.all(children.map((child) => child.close()));
    },
  };
}

function startChild() {
  const entry = fileURLToPath(new URL('./viewerChild.ts', import.meta.url));
  const proc: ChildProcess = fork(entry, [], {
    execArgv: [...sourceNodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  let next = 1;
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      for (const waiter of waiting.values())
        waiter.reject(new Error(`viewer process exited (${code ?? signal})`));
      waiting.clear();
      resolve();
    }),
  );
  proc.on('message', (reply: { id: number; result?: unknown; error?: string }) => {
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.result);
  });
  const ready = new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve: () => resolve(), reject });
    proc.once('exit', (code) => reject(new Error(`viewer process exited with ${code}`)));
  });
  const ask = (request: FleetRequest): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      proc.send({ ...request, id });
    });
  const close = async () => {
    if (proc.exitCode === null && proc.connected) {
      await ask({ cmd: 'stop' }).catch(() => {});
      proc.disconnect();
    }
    const killer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  return ready.then(() => ({ ask, close }));
}
