/**
 * `npm run cluster` as a user runs it: Redis, 3 nodes and HAProxy on loopback, the dashboard
 * (or the server's index page when the dashboard is not built) served through the load
 * balancer, clients spread over the nodes, and Ctrl-C stopping every part.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, portOpen } from '../../scripts/cluster/net.js';
import { type ClientSocket, waitFor } from '../../apps/server/src/serverTestkit.js';
import { connectClient, health } from './clusterTestkit.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let npm: ChildProcess | null = null;
const sockets: ClientSocket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
  // Safety net: whatever the test left behind in npm's process group.
  if (npm?.pid && npm.exitCode === null) {
    try {
      process.kill(-npm.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  npm = null;
});

describe('npm run cluster', () => {
  it('serves through HAProxy from 3 nodes on one Redis, and Ctrl-C stops every part', async () => {
    const port = await freePort();
    let output = '';
    npm = spawn('npm', ['run', 'cluster', '--', '--port', String(port), '--first-node-port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, SIMSTREAM_SKIP_BUILD: '1', DEMO_SIMULATION: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    npm.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    npm.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => npm?.once('exit', resolve));
    await waitFor(
      () => output.includes('Ctrl-C stops everything.'),
      120_000,
      `the banner\n${output}`,
    );

    expect(output).toContain(`Dashboard (through HAProxy)  http://localhost:${port}/`);
    const nodeUrls = [...output.matchAll(/(http:\/\/127\.0\.0\.1:\d+) \(node\d\)/g)].map(
      (m) => m[1]!,
    );
    expect(nodeUrls).toHaveLength(3);
    const redisPort = Number(/redis:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    const redisDir = /data in (\S+)\)/.exec(output)?.[1] ?? '';
    expect(existsSync(redisDir)).toBe(true);

    const lb = `http://127.0.0.1:${port}`;
    const index = await fetch(`${lb}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    for (let i = 0; i < 6; i++) sockets.push(await connectClient(lb, { reconnection: false }));
    const perNode = await Promise.all(nodeUrls.map(async (url) => (await health(url)).connections));
    expect(perNode).toEqual([2, 2, 2]);

    // Ctrl-C in a terminal signals the whole foreground process group.
    process.kill(-npm.pid!, 'SIGINT');
    await exited;
    for (const p of [port, redisPort, ...nodeUrls.map((url) => Number(new URL(url).port))]) {
      expect(await portOpen(p)).toBe(false);
    }
    expect(existsSync(redisDir)).toBe(false);
    expect(output).toContain('stopping HAProxy, the nodes, then Redis');
  });
});
