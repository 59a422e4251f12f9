import { type Server, type Socket, connect, createServer } from 'node:net';

/**
 * A loopback TCP proxy that can go down and come back on the same port: to a client it
 * looks exactly like the server going away and coming back, while the real server keeps
 * simulating (and keeps its replay log) behind it.
 *
 * @example
 * const proxy = await startProxy(4000);
 * await proxy.down();
 * await proxy.up();
 */
export interface Proxy {
  port: number;
  /** Refuse new connections and cut every open one. */
  down(): Promise<void>;
  /** Accept connections again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<Proxy> {
  const open = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        client.setNoDelay(true);
        upstream.setNoDelay(true);
        open.add(client);
        open.add(upstream);
        const cut = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', cut).on('close', cut);
        upstream.on('error', cut).on('close', cut);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      open.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  await listen();
  return {
    get port() {
      return port;
    },
    down,
    up: listen,
    close: down,
  };
}
