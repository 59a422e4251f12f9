/**
 * The load balancer of the cluster recipe: one generator of the HAProxy configuration, used
 * by `npm run cluster`, the cluster tests and the README's "Scale out" section (a docs test
 * checks the README shows what this returns).
 */
import { ensureDebianPackage } from '../debianPackage.mjs';

export const HAPROXY = '/usr/sbin/haproxy';

/** Install Debian's haproxy with apt-get when it is missing (as for redis-server and Chromium). */
export function ensureHaproxy(log?: (line: string) => void): void {
  ensureDebianPackage(HAPROXY, 'haproxy', log);
}

export interface HaproxyNode {
  /** Server name in HAProxy's logs and stats, e.g. `node1`. */
  name: string;
  /** `host:port` of the node's HTTP server. */
  address: string;
}

export interface HaproxyOptions {
  /** What the load balancer listens on, e.g. `127.0.0.1:17170` or `:80`. */
  bind: string;
  nodes: readonly HaproxyNode[];
  /** Health-check interval; a node is out after 3 failed checks, back after 1 good one. */
  checkIntervalMs?: number;
  /**
   * Most client connections at once (default 8,000). HAProxy needs two file descriptors per
   * proxied connection and refuses to start when `ulimit -n` cannot hold them all.
   */
  maxConnections?: number;
  /** A Unix socket for HAProxy's runtime API (`show stat`), which the tests read. */
  statsSocket?: string;
}

/**
 * The HAProxy configuration for N simstream nodes. Every node is equal (any node serves any
 * simulation), so no stickiness is needed for WebSocket-only clients (the kit's client uses
 * `transports: ['websocket']`); `leastconn` spreads long-lived sockets evenly. A node whose
 * `/api/v1/health` is not 200 (down, or answering 503 while shutting down) leaves the rotation.
 *
 * @example
 * haproxyConfig({ bind: '127.0.0.1:17170', nodes: [{ name: 'node1', address: '127.0.0.1:17171' }] })
 */
export function haproxyConfig(options: HaproxyOptions): string {
  const inter = options.checkIntervalMs ?? 1_000;
  const servers = options.nodes.map(
    (node) => `  server ${node.name} ${node.address} check inter ${inter}ms fall 3 rise 1`,
  );
  return [
    'global',
    `  maxconn ${options.maxConnections ?? 8_000}`,
    ...(options.statsSocket ? [`  stats socket ${options.statsSocket} mode 600 level user`] : []),
    '',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    // An upgraded WebSocket is a tunnel: it may stay quiet far longer than an HTTP exchange.
    '  timeout tunnel 1h',
    // A node busy with a reconnect storm answers its health check late; a dead one refuses at once.
    '  timeout check 5s',
    // A node that died since its last health check refuses the connection: try another one.
    '  retries 3',
    '  option redispatch',
    // Nodes see the client's address (X-Forwarded-For) rather than the load balancer's.
    '  option forwardfor',
    '',
    'frontend simstream',
    `  bind ${options.bind}`,
    '  default_backend simstream_nodes',
    '',
    'backend simstream_nodes',
    '  balance leastconn',
    '  option httpchk GET /api/v1/health',
    '  http-check expect status 200',
    ...servers,
    '',
  ].join('\n');
}
