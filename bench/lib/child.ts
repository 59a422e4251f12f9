import { type ChildProcess, type StdioOptions, fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Node flags for TypeScript children that resolve workspace packages to their sources. */
export const TS_EXEC_ARGV = ['--conditions=@simstream/source', '--import', 'tsx', '--expose-gc'];

/**
 * A forked TypeScript child driven by `{ cmd }` messages: `request` sends one and resolves
 * with the child's next reply of the same `cmd`.
 *
 * @example
 * const child = await Child.start(new URL('./serverChild.ts', import.meta.url), ['bare']);
 * const memory = await child.request({ cmd: 'memory' });
 */
export class Child<Req extends { cmd: string }, Rep extends { cmd: string }> {
  readonly #waiting = new Map<
    string,
    Array<{ resolve: (reply: Rep) => void; reject: (error: Error) => void }>
  >();
  readonly #listeners = new Set<(reply: Rep) => void>();

  private constructor(readonly process: ChildProcess) {
    process.on('message', (message: Rep) => {
      for (const listener of this.#listeners) listener(message);
      const queue = this.#waiting.get(message.cmd);
      const next = queue?.shift();
      next?.resolve(message);
    });
    // A child that dies fails what waits on it, rather than leaving the run hanging ('close'
    // comes after every message it sent has arrived).
    process.once('close', (code, signal) => {
      const error = new Error(`child process exited (${signal ?? code}) before replying`);
      for (const queue of this.#waiting.values()) for (const w of queue.splice(0)) w.reject(error);
    });
  }

  /**
   * Fork the module and wait for its first message (`ready`). `raiseFileLimit`: start it
   * through `sh` with its open-file limit raised to the hard limit first (`ulimit -n`), for
   * children that hold thousands of sockets.
   */
  static async start<Req extends { cmd: string }, Rep extends { cmd: string }>(
    module: URL,
    args: string[],
    options: { raiseFileLimit?: boolean } = {},
  ): Promise<{ child: Child<Req, Rep>; ready: Rep }> {
    const stdio: StdioOptions = ['ignore', 'inherit', 'inherit', 'ipc'];
    const proc = options.raiseFileLimit
      ? spawn(
          '/bin/sh',
          [
            '-c',
            'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"',
            'sh',
            process.execPath,
            ...TS_EXEC_ARGV,
            fileURLToPath(module),
            ...args,
          ],
          { stdio },
        )
      : fork(fileURLToPath(module), args, { execArgv: TS_EXEC_ARGV, stdio });
    const child = new Child<Req, Rep>(proc);
    const ready = await new Promise<Rep>((resolve, reject) => {
      proc.once('message', (m: Rep) => resolve(m));
      proc.once('exit', (code) => reject(new Error(`${module.pathname} exited with ${code}`)));
    });
    return { child, ready };
  }

  /** Send a request and wait for the child's reply with the same `cmd`. */
  request<M extends Req>(message: M): Promise<Extract<Rep, { cmd: M['cmd'] }>> {
    return new Promise((resolve, reject) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) {
        reject(new Error('child process has exited'));
        return;
      }
      const queue = this.#waiting.get(message.cmd) ?? [];
      queue.push({ resolve: resolve as (reply: Rep) => void, reject });
      this.#waiting.set(message.cmd, queue);
      this.process.send(message);
    });
  }

  /** Send without waiting for a reply. */
  post(message: Req): void {
    this.process.send(message);
  }

  onMessage(listener: (reply: Rep) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Ask to exit, and kill it if it has not within 2 s. */
  async stop(exit: Req): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.send(exit);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Sleep helper. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
