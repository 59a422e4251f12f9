import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

async function serving(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    return res.ok;
  } catch {
    return false;
  }
}

let npm: ChildProcess | null = null;
afterEach(() => {
  // Safety net: whatever the test left behind in npm's process group.
  if (npm?.pid) {
    try {
      process.kill(-npm.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  npm = null;
});

describe('npm start', () => {
  it('stops the server when npm itself is killed, freeing the port', async () => {
    const port = await freePort();
    npm = spawn(
      'npm',
      ['start', '--', '--port', String(port), '--host', '127.0.0.1', '--no-demo'],
      {
        cwd: repoRoot,
        env: { ...process.env, SIMSTREAM_SKIP_BUILD: '1', LOG_LEVEL: 'silent' },
        stdio: 'ignore',
        detached: true,
      },
    );
    await expect.poll(() => serving(port), { timeout: 30_000, interval: 200 }).toBe(true);

    npm.kill('SIGKILL'); // only npm: its `sh -c`, start.mjs and the server are left to notice

    await expect.poll(() => serving(port), { timeout: 20_000, interval: 250 }).toBe(false);
  }, 60_000);
});
