/** The cluster's HAProxy process: the generated configuration in a temporary directory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Child, spawnChild } from './child.js';
import { HAPROXY, type HaproxyNode, ensureHaproxy, haproxyConfig } from './haproxy.js';
import { answers200, waitUntil } from './net.js';

/** One backend server as HAProxy sees it: `UP`, `DOWN`, … and its current sessions. */
export interface BackendServerStat {
  status: string;
  sessions: number;
}

export interface HaproxyProcess {
  /** `http://127.0.0.1:<port>`: the cluster's one address. */
  readonly url: string;
  /** The configuration it runs. */
  readonly config: string;
  /** Backend servers by name, from HAProxy's runtime API (`show stat`). */
  stats(): Promise<Record<string, BackendServerStat>>;
  stop(): Promise<void>;
}

/** Ask the runtime API on `socketPath` and return its whole answer. */
function runtimeApi(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let out = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('HAProxy runtime API timed out')));
    socket.once('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk) => {
      out += chunk.toString('utf8');
    });
    socket.once('end', () => resolve(out));
    socket.once('error', reject);
  });
}

/** Parse `show stat` CSV into the backend's servers. */
function parseStats(csv: string, backend: string): Record<string, BackendServerStat> {
  const [header = '', ...rows] = csv.trim().split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const at = (name: string) => columns.indexOf(name);
  const result: Record<string, BackendServerStat> = {};
  for (const line of rows) {
    const cells = line.split(',');
    const server = cells[at('svname')] ?? '';
    if (cells[at('pxname')] !== backend || server === 'BACKEND') continue;
    result[server] = {
      status: cells[at('status')] ?? '',
      sessions: Number(cells[at('scur')] ?? 0),
    };
  }
  return result;
}

/**
 * Start HAProxy in the foreground (`-db`) in front of `nodes`; resolves once it proxies a
 * health check to some node.
 *
 * @example
 * const lb = await startHaproxy({ bind: '127.0.0.1:17170', nodes });
 * console.log(await lb.stats()); // { node1: { status: 'UP', sessions: 0 }, … }
 */
export async function startHaproxy(options: {
  port: number;
  nodes: readonly HaproxyNode[];
  onLine?: (line: string) => void;
}): Promise<HaproxyProcess> {
  ensureHaproxy();
  const dir = mkdtempSync(join(tmpdir(), 'simstream-cluster-haproxy-'));
  const statsSocket = join(dir, 'runtime.sock');
  const config = haproxyConfig({
    bind: `127.0.0.1:${options.port}`,
    nodes: options.nodes,
    statsSocket,
  });
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  let child: Child;
  try {
    child = spawnChild('haproxy', HAPROXY, ['-db', '-f', file], { onLine: options.onLine });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    await child.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      () => answers200(`${url}/api/v1/health`),
      `haproxy on ${url}`,
      15_000,
      () => (child.exitStatus() ? `${child.exitStatus()}\n${child.tail()}` : null),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    config,
    stats: async () => parseStats(await runtimeApi(statsSocket, 'show stat'), 'simstream_nodes'),
    stop,
  };
}
