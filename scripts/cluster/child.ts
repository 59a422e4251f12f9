/**
 * A child process of the cluster recipe (redis-server, a server node, haproxy): its own
 * process group (a terminal's Ctrl-C reaches only the launcher, which stops the parts in
 * order), output kept for diagnostics, and a watchdog that stops it if the launcher dies
 * without cleaning up (SIGKILL, a crashed test worker) — nothing is left running.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface Child {
  readonly name: string;
  readonly pid: number;
  /** Exit code or signal once it has exited, else null. */
  exitStatus(): string | null;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** The last lines it printed (stdout and stderr), for error messages. */
  tail(): string;
  /** Send `signal` and wait for the exit; SIGKILL after `graceMs` if it is still there. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with every line of output (e.g. to prefix and print it). */
  onLine?: (line: string) => void;
}

const TAIL_LINES = 40;

/** Stop `pid` with SIGTERM once `parentPid` has gone; ends by itself when `pid` exits. */
function watchdog(pid: number, parentPid: number): ChildProcess {
  const script = `while kill -0 ${pid} 2>/dev/null; do if ! kill -0 ${parentPid} 2>/dev/null; then kill -TERM ${pid}; exit 0; fi; sleep 1; done`;
  const dog = spawn('sh', ['-c', script], { stdio: 'ignore', detached: true });
  dog.unref();
  return dog;
}

/**
 * Spawn `command` in its own process group, guarded by a watchdog.
 *
 * @example
 * const redis = spawnChild('redis', '/usr/bin/redis-server', ['--port', '6400']);
 * await redis.stop('SIGTERM');
 */
export function spawnChild(
  name: string,
  command: string,
  args: readonly string[],
  options: ChildOptions = {},
): Child {
  const proc = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (proc.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = proc.pid;
  const dog = watchdog(pid, process.pid);
  const lines: string[] = [];
  const onChunk = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      options.onLine?.(line);
    }
  };
  proc.stdout?.on('data', onChunk);
  proc.stderr?.on('data', onChunk);
  let status: string | null = null;
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      status = signal ? `killed by ${signal}` : `exited with code ${code}`;
      dog.kill('SIGKILL');
      resolve();
    });
  });
  // The parent's event loop must not wait for children it has stopped.
  proc.unref();
  return {
    name,
    pid,
    exitStatus: () => status,
    exited,
    tail: () => lines.join('\n'),
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (status !== null) return;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
