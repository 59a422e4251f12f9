import { type Server, type Socket, connect, createServer } from 'node:net';

/**
 * What the network between clients and the server does to each TCP read the proxy forwards.
 * Latency keeps the byte order of each direction (TCP never reorders); a reset sends RST both
 * ways; a half-open period stalls a connection silently — no byte and no FIN crosses it — and
 * then lets through what was held, as a path that comes back after a blackout does.
 */
export interface ProxyFaults {
  /** Mean one-way delay of each read, ms. Default 0. */
  latencyMs?: number;
  /** Uniform ± spread around `latencyMs`, ms. Default 0. */
  jitterMs?: number;
  /** Chance per read that its connection is reset instead (0.01 = 1 %). Default 0. */
  resetChance?: number;
  /** Chance per read that its connection goes silent for a while first. Default 0. */
  halfOpenChance?: number;
  /** How long a half-open period lasts: [min, max] ms. Default [1,000, 5,000]. */
  halfOpenMs?: readonly [number, number];
  /** Random source (a seeded one makes a run repeatable). Default `Math.random`. */
  random?: () => number;
}

/** What the proxy has done so far (every connection, every direction). */
export interface ProxyStats {
  connections: number;
  resets: number;
  halfOpens: number;
  /** Bytes that went into a black-holed connection and never came out. */
  swallowedBytes: number;
}

/** One client connection through the proxy, as a test can address it. */
export interface ProxiedConnection {
  /** From the first request: a WebSocket upgrade, or plain HTTP (REST, keep-alive). */
  readonly kind: 'websocket' | 'http' | 'unknown';
  /** Send RST both ways now. */
  reset(): void;
  /**
   * Stop passing bytes silently and for good: nothing arrives, no FIN or RST tells either end
   * (a NAT or firewall that dropped the connection's state). Each end finds out by its own
   * timeout; bytes sent into it are counted in `swallowedBytes`.
   */
  blackHole(): void;
  /** Bytes this connection swallowed since it was black-holed. */
  readonly swallowedBytes: number;
}

/**
 * A loopback TCP proxy in front of a server: it can go down and come back on the same port
 * (to a client exactly like the server going away while it keeps simulating behind it),
 * impose {@link ProxyFaults} on every connection, and black-hole chosen connections.
 *
 * @example
 * const proxy = await startProxy(serverPort, { latencyMs: 500, jitterMs: 200, resetChance: 0.01 });
 * proxy.setFaults({}); // heal the network
 * for (const c of proxy.connections()) if (c.kind === 'http') c.blackHole();
 */
export interface Proxy {
  port: number;
  /** Refuse new connections and cut every open one. */
  down(): Promise<void>;
  /** Accept connections again on the same port. */
  up(): Promise<void>;
  /** Change the faults for every read from now on (`{}`: a clean network). */
  setFaults(faults: ProxyFaults): void;
  /** Connections open now. */
  connections(): ProxiedConnection[];
  readonly stats: ProxyStats;
  close(): Promise<void>;
}

/** Bytes a direction holds before it stops reading its source (backpressure across the proxy). */
const HIGH_WATER = 1 << 20;

/** One direction of a proxied connection: reads from `from`, writes to `to`, in order, late. */
class Lane {
  readonly #queue: Array<{ at: number; chunk: Buffer | null }> = [];
  #queued = 0;
  #lastAt = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    readonly from: Socket,
    readonly to: Socket,
    readonly link: Link,
  ) {
    from.on('data', (chunk: Buffer) => this.#push(chunk));
    from.on('end', () => this.#push(null));
    to.on('drain', () => this.#flush());
  }

  #push(chunk: Buffer | null): void {
    if (this.link.holed) {
      if (chunk) this.link.swallow(chunk.length);
      return;
    }
    if (chunk && this.link.roll()) return;
    const at = Math.max(this.#lastAt, Date.now() + this.link.delay());
    this.#lastAt = at;
    this.#queue.push({ at, chunk });
    if (chunk) this.#queued += chunk.length;
    if (this.#queued > HIGH_WATER) this.from.pause();
    this.#flush();
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.link.holed) return;
    const now = Date.now();
    while (this.#queue.length > 0) {
      const head = this.#queue[0]!;
      const due = Math.max(head.at, this.link.stalledUntil);
      if (due > now) {
        this.#timer = setTimeout(() => this.#flush(), due - now);
        return;
      }
      this.#queue.shift();
      if (head.chunk === null) {
        this.to.end();
        continue;
      }
      this.#queued -= head.chunk.length;
      if (this.#queued <= HIGH_WATER) this.from.resume();
      if (!this.to.write(head.chunk)) return; // 'drain' flushes the rest
    }
  }

  /** Drop what is queued (reset or black hole). */
  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#queue.length = 0;
    this.#queued = 0;
  }
}

/** Both directions of one client connection and the faults that hit it. */
class Link implements ProxiedConnection {
  kind: ProxiedConnection['kind'] = 'unknown';
  holed = false;
  stalledUntil = 0;
  swallowedBytes = 0;
  readonly #lanes: Lane[];

  constructor(
    readonly client: Socket,
    readonly upstream: Socket,
    readonly proxy: { faults: ProxyFaults; stats: ProxyStats; forget(link: Link): void },
  ) {
    client.once('data', (first: Buffer) => {
      const head = first.subarray(0, 2048).toString('latin1');
      this.kind = /\r\nupgrade:\s*websocket/i.test(head) ? 'websocket' : 'http';
    });
    this.#lanes = [new Lane(client, upstream, this), new Lane(upstream, client, this)];
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', () => this.#closed(socket));
      socket.on('close', () => this.#closed(socket));
    }
  }

  /** Per read: maybe reset (returns true: the read is gone) or start a half-open period. */
  roll(): boolean {
    const { resetChance = 0, halfOpenChance = 0, halfOpenMs = [1_000, 5_000] } = this.proxy.faults;
    const random = this.proxy.faults.random ?? Math.random;
    if (resetChance > 0 && random() < resetChance) {
      this.reset();
      return true;
    }
    if (halfOpenChance > 0 && Date.now() >= this.stalledUntil && random() < halfOpenChance) {
      const [min, max] = halfOpenMs;
      this.stalledUntil = Date.now() + min + random() * (max - min);
      this.proxy.stats.halfOpens++;
    }
    return false;
  }

  delay(): number {
    const { latencyMs = 0, jitterMs = 0 } = this.proxy.faults;
    const random = this.proxy.faults.random ?? Math.random;
    return Math.max(0, latencyMs + (random() * 2 - 1) * jitterMs);
  }

  swallow(bytes: number): void {
    this.swallowedBytes += bytes;
    this.proxy.stats.swallowedBytes += bytes;
  }

  reset(): void {
    if (this.client.destroyed && this.upstream.destroyed) return;
    this.proxy.stats.resets++;
    for (const lane of this.#lanes) lane.clear();
    for (const socket of [this.client, this.upstream]) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
    this.proxy.forget(this);
  }

  blackHole(): void {
    this.holed = true;
    for (const lane of this.#lanes) lane.clear();
  }

  /** Destroy both ends (the proxy going down). */
  destroy(): void {
    for (const lane of this.#lanes) lane.clear();
    this.client.destroy();
    this.upstream.destroy();
    this.proxy.forget(this);
  }

  #closed(socket: Socket): void {
    socket.destroy();
    // A black hole carries no FIN or RST: the other end learns nothing.
    if (this.holed) {
      if (this.client.destroyed && this.upstream.destroyed) this.proxy.forget(this);
      return;
    }
    // A stalled path delivers the close when it comes back.
    const wait = this.stalledUntil - Date.now();
    if (wait > 0) setTimeout(() => this.destroy(), wait).unref();
    else this.destroy();
  }
}

/**
 * Start a proxy on a free loopback port in front of `127.0.0.1:targetPort`.
 *
 * @example
 * const proxy = await startProxy(4000);
 * await proxy.down();
 * await proxy.up();
 */
export async function startProxy(targetPort: number, faults: ProxyFaults = {}): Promise<Proxy> {
  const links = new Set<Link>();
  const state = {
    faults,
    stats: { connections: 0, resets: 0, halfOpens: 0, swallowedBytes: 0 } as ProxyStats,
    forget: (link: Link) => links.delete(link),
  };
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer({ allowHalfOpen: true }, (client) => {
        const upstream = connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
        state.stats.connections++;
        links.add(new Link(client, upstream, state));
      });
      s.once('error', reject);
      s.listen({ port, host: '127.0.0.1', backlog: 8192 }, () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const link of [...links]) link.destroy();
      links.clear();
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
    setFaults: (next) => {
      state.faults = next;
    },
    connections: () => [...links],
    stats: state.stats,
    close: down,
  };
}
