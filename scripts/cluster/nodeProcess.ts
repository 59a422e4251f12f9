/**
 * One server node of the cluster: `apps/server/src/main.ts` run from source, as
 * `npm start` runs it (workspace packages resolved to their TypeScript sources through the
 * `@simstream/source` condition, tsx for TypeScript), on a port of its own.
 */
import { fileURLToPath } from 'node:url';
import { serverEntry, sourceNodeArgs } from '../serverLaunch.mjs';
import { type Child, spawnChild } from './child.js';
import { answers200, waitUntil } from './net.js';

/** The repository's root: nodes run from here so relative paths resolve as under `npm start`. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface NodeProcess {
  /** `node1`, `node2`, …: its NODE_ID and its name behind the load balancer. */
  readonly name: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  running(): boolean;
  /** Its pid while running. */
  pid(): number | null;
  /** The last lines it printed. */
  tail(): string;
  /** Start (again) on the same port; resolves once `/api/v1/health` answers 200. */
  start(): Promise<void>;
  /** Send `signal` (SIGTERM: graceful shutdown; SIGKILL: a crash) and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface NodeProcessOptions {
  name: string;
  port: number;
  /** The node's environment beyond PORT, HOST and NODE_ID (REDIS_URL, LOG_LEVEL, …). */
  env: Record<string, string>;
  onLine?: (line: string) => void;
}

/**
 * A node process handle; call `start()` to run it.
 *
 * @example
 * const node = nodeProcess({ name: 'node1', port: 17171, env: { REDIS_URL: redis.url } });
 * await node.start();
 * await node.stop('SIGKILL');
 */
export function nodeProcess(options: NodeProcessOptions): NodeProcess {
  const { name, port } = options;
  const url = `http://127.0.0.1:${port}`;
  let child: Child | null = null;
  const running = () => child !== null && child.exitStatus() === null;
  return {
    name,
    port,
    url,
    running,
    pid: () => (running() ? (child?.pid ?? null) : null),
    tail: () => child?.tail() ?? '',
    async start() {
      if (running()) return;
      const env = {
        ...process.env,
        ...options.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ID: name,
        // A node outlives no launcher: reparented (launcher SIGKILLed), it shuts itself down.
        SIMSTREAM_EXIT_WITH_PARENT: '1',
      };
      const started = spawnChild(name, process.execPath, [...sourceNodeArgs, serverEntry], {
        cwd: REPO_ROOT,
        env,
        onLine: options.onLine,
      });
      child = started;
      await waitUntil(
        () => answers200(`${url}/api/v1/health`),
        `${name} on ${url}`,
        120_000,
        () => (started.exitStatus() ? `${started.exitStatus()}\n${started.tail()}` : null),
      );
    },
    async stop(signal = 'SIGTERM') {
      await child?.stop(signal);
    },
  };
}
