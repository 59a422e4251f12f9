import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { dashboardDist, repoRoot } from './paths.js';

/** The server's own entry point, started exactly as `npm start` starts it. */
const entry = join(repoRoot, 'apps/server/src/main.ts');

/** A port the OS says is free right now (the server then binds it, and rebinds it on restart). */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface ServerProcessOptions {
  /** Extra env for the server (e.g. `STEP_INTERVAL_MS`). */
  env?: Record<string, string>;
}

/**
 * The real simstream server (`apps/server/src/main.ts`, as `npm start` runs it) in a child
 * process on a fixed port, serving the built dashboard.
 * `stop()` and `start()` again bring it back on the same port, like an operator restarting it.
 *
 * @example
 * const server = new ServerProcess(await freePort());
 * await server.start();
 * await page.goto(server.url);
 * await server.stop();
 */
export class ServerProcess {
  #child: ChildProcess | null = null;
  /** Server output, kept for the failure message. */
  output = '';

  constructor(
    readonly port: number,
    readonly options: ServerProcessOptions = {},
  ) {}

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://localhost:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.#child) throw new Error('server already running');
    const child = spawn(
      process.execPath,
      ['--conditions=@simstream/source', '--import', 'tsx', entry],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          PORT: String(this.port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          DASHBOARD_DIR: dashboardDist,
          SHUTDOWN_TIMEOUT_MS: '2000',
          ...this.options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.#child = child;
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes('listening on http')) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
      });
      child.once('exit', (code) =>
        reject(new Error(`server exited (${code}) before listening:\n${this.output}`)),
      );
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`server did not start in 30 s:\n${this.output}`)),
        30_000,
      );
    });
    try {
      await Promise.race([ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stop the server: `SIGTERM` is a graceful shutdown, `SIGKILL` a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** JSON from the server's REST API (throws on a non-2xx answer). */
  async api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${this.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}
