import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '@simstream/protocol';

/** Wire encoding of Socket.IO packets; the client must use the same parser. */
export type ParserName = 'json' | 'msgpack';

/** Everything the server reads from env and flags. Build with {@link loadConfig}. */
export interface ServerConfig {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Browser origins allowed to connect (CORS, Socket.IO handshake, raw WS upgrade).
   * `null`: same-origin and localhost only. `'*'`: any origin.
   */
  allowedOrigins: readonly string[] | '*' | null;
  /** Events kept per simulation for replay. */
  replayLogSize: number;
  /** Socket.IO / raw WS messages a client may send per second. */
  maxMessageRate: number;
  /** Largest Socket.IO message (and raw WS frame) accepted from a client, in bytes. */
  maxHttpBufferSize: number;
  /**
   * Bytes a Socket.IO connection may hold unsent (queued for a client that reads slowly or
   * not at all) before it is cut; the client reconnects by itself and catches up.
   */
  maxUnsentBytes: number;
  /** Largest HTTP request body, in bytes. */
  bodyLimit: number;
  /** HTTP requests per minute per IP. */
  httpRateLimit: number;
  /** `POST /api/v1/simulations` per minute per IP (stricter than `httpRateLimit`). */
  createRateLimit: number;
  /** Most simulations at once (creates beyond are refused with 429). */
  maxSimulations: number;
  /**
   * Most entity-steps per second over all ticking simulations: Σ (banks + funds) × 1000 /
   * stepIntervalMs. A create or resume beyond it is refused with 429.
   */
  maxWork: number;
  parser: ParserName;
  /** Compress WebSocket frames larger than this many bytes; `null` disables perMessageDeflate. */
  deflateThreshold: number | null;
  /** Start a demo simulation on boot. */
  demoSimulation: boolean;
  /** Id of the demo simulation (the seed's console snippet uses `test-sim-123`). */
  demoSimulationId: string;
  /** Default step interval of new simulations. */
  stepIntervalMs: number;
  /** Longest graceful shutdown before remaining connections are cut. */
  shutdownTimeoutMs: number;
  /** HS256 secret; when set (or `authJwksUrl`), sockets, raw WS and REST calls need a JWT. */
  authJwtSecret: string | null;
  /** JWKS URL of an identity provider whose RS256/ES256 tokens are accepted. */
  authJwksUrl: string | null;
  /** Built dashboard to serve at `/`, when the directory exists. */
  dashboardDir: string | null;
  /**
   * `redis://…` / `rediss://…`: run as one node of a cluster whose simulations live in this
   * Redis (event-sourced, owned under a lease, served by every node). `null`: embedded, memory only.
   */
  redisUrl: string | null;
  /** A cluster node's lease on a simulation it steps, ms: a dead owner is replaced within about this. */
  redisLeaseMs: number;
  /**
   * A cluster owner writes a checkpoint of each simulation it steps every this many steps, so
   * a takeover replays at most about this many inputs instead of the whole run (0: never).
   */
  redisCheckpointSteps: number;
  /** A cluster node's name in leases and logs (`NODE_ID`); default host:pid:random. */
  nodeId: string | null;
  /**
   * Which proxies' `X-Forwarded-For` to believe for a client's address (per-address rate
   * limits, logs): false (none), true (any), or comma-separated IPs/CIDRs.
   */
  trustProxy: boolean | string;
}

type Env = Record<string, string | undefined>;

/** Thrown for a configuration value that cannot be used; main prints it and exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const defaultDashboardDir = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/** Flags win over env: `--port 8080`, `--port=8080`, `--host`, `--log-level`, `--parser`, `--no-demo`. */
function readFlags(argv: readonly string[]): Env {
  const flags: Env = {};
  const names: Record<string, string> = {
    port: 'PORT',
    host: 'HOST',
    'log-level': 'LOG_LEVEL',
    parser: 'PARSER',
    'allowed-origins': 'ALLOWED_ORIGINS',
    'replay-log-size': 'REPLAY_LOG_SIZE',
    'step-interval-ms': 'STEP_INTERVAL_MS',
    'deflate-threshold': 'DEFLATE_THRESHOLD',
    'dashboard-dir': 'DASHBOARD_DIR',
    'redis-url': 'REDIS_URL',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--no-demo') {
      flags.DEMO_SIMULATION = 'off';
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const envName = match?.[1] ? names[match[1]] : undefined;
    if (!match || !envName) continue;
    const value = match[2] ?? argv[i + 1];
    if (match[2] === undefined) i++;
    if (value === undefined) throw new ConfigError(`Flag ${arg} needs a value.`);
    flags[envName] = value;
  }
  return flags;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}]; got "${raw}".`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off; got "${raw}".`);
}

function origins(raw: string | undefined): ServerConfig['allowedOrigins'] {
  if (raw === undefined || raw.trim() === '') return null;
  if (raw.trim() === '*') return '*';
  return raw
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
}

function redisUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!URL.canParse(raw) || !/^rediss?:$/.test(new URL(raw).protocol)) {
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL; got "${raw}".`);
  }
  return raw;
}

function trustProxy(raw: string | undefined): ServerConfig['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || ['0', 'false', 'off', 'no'].includes(value)) return false;
  if (['true', 'on', 'yes'].includes(value)) return true;
  if (!/^[0-9a-fA-F.:/, ]+$/.test(value)) {
    throw new ConfigError(
      `TRUST_PROXY must be on, off or comma-separated proxy IPs/CIDRs; got "${value}".`,
    );
  }
  return value;
}

function jwksUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new ConfigError(`AUTH_JWKS_URL must be an http(s) URL; got "${raw}".`);
  }
  return raw;
}

/**
 * Read the configuration from env and command-line flags (flags win), with defaults for
 * a local run. Throws {@link ConfigError} on a value it cannot use.
 *
 * @example
 * const config = loadConfig(process.env, process.argv.slice(2));
 * const server = await createServer(config);
 */
export function loadConfig(env: Env = {}, argv: readonly string[] = []): ServerConfig {
  const merged: Env = { ...env, ...readFlags(argv) };
  const logLevel = (merged.LOG_LEVEL ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`);
  }
  const parser = (merged.PARSER ?? 'json').toLowerCase();
  if (parser !== 'json' && parser !== 'msgpack') {
    throw new ConfigError(`PARSER must be json or msgpack; got "${parser}".`);
  }
  const deflate = merged.DEFLATE_THRESHOLD;
  const dashboardDir = merged.DASHBOARD_DIR ?? defaultDashboardDir;
  const demoSimulationId = merged.DEMO_SIMULATION_ID ?? 'test-sim-123';
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(demoSimulationId)) {
    throw new ConfigError('DEMO_SIMULATION_ID may contain only letters, digits and _ . : -');
  }
  return {
    port: int(merged, 'PORT', 17170, 0, 65_535),
    host: merged.HOST ?? '0.0.0.0',
    logLevel: logLevel as ServerConfig['logLevel'],
    allowedOrigins: origins(merged.ALLOWED_ORIGINS ?? merged.CORS_ORIGINS),
    replayLogSize: int(merged, 'REPLAY_LOG_SIZE', 5_000, 1_000, 1_000_000),
    maxMessageRate: int(merged, 'MAX_MESSAGE_RATE', 20, 1, 10_000),
    // Commands are tiny (< 1 KB); the limit leaves room for the largest valid one plus framing.
    maxHttpBufferSize: int(
      merged,
      'MAX_HTTP_BUFFER_SIZE',
      LIMITS.clientMessageBytes,
      1_024,
      1_048_576,
    ),
    bodyLimit: int(merged, 'BODY_LIMIT', LIMITS.clientMessageBytes, 1_024, 1_048_576),
    maxUnsentBytes: int(merged, 'MAX_UNSENT_BYTES', 8 * 1_048_576, 65_536, 1_073_741_824),
    httpRateLimit: int(merged, 'HTTP_RATE_LIMIT', 600, 1, 1_000_000),
    createRateLimit: int(merged, 'CREATE_RATE_LIMIT', 10, 1, 1_000_000),
    maxSimulations: int(merged, 'MAX_SIMULATIONS', 20, 1, 10_000),
    // The demo costs 30 (30 entities once a second): the default leaves room for 100 of it.
    maxWork: int(merged, 'MAX_WORK', 3_000, 1, 100_000_000),
    parser,
    deflateThreshold:
      deflate === undefined || deflate === '' || deflate === 'off'
        ? null
        : int(merged, 'DEFLATE_THRESHOLD', 0, 0, 100_000_000),
    demoSimulation: bool(merged, 'DEMO_SIMULATION', true),
    demoSimulationId,
    stepIntervalMs: int(merged, 'STEP_INTERVAL_MS', 1_000, 10, 60_000),
    shutdownTimeoutMs: int(merged, 'SHUTDOWN_TIMEOUT_MS', 5_000, 0, 600_000),
    authJwtSecret: merged.AUTH_JWT_SECRET ? merged.AUTH_JWT_SECRET : null,
    authJwksUrl: jwksUrl(merged.AUTH_JWKS_URL),
    dashboardDir: existsSync(dashboardDir) ? dashboardDir : null,
    redisUrl: redisUrl(merged.REDIS_URL),
    redisLeaseMs: int(merged, 'REDIS_LEASE_MS', 2_000, 200, 60_000),
    redisCheckpointSteps: int(merged, 'REDIS_CHECKPOINT_STEPS', 500, 0, 1_000_000),
    nodeId: merged.NODE_ID ? merged.NODE_ID : null,
    trustProxy: trustProxy(merged.TRUST_PROXY),
  };
}
