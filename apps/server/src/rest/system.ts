import fastifyStatic from '@fastify/static';
import type { CoreHub } from '@simstream/hub';
import {
  API_PREFIX,
  LIMITS,
  PROTOCOL_VERSION,
  RAW_WS_PREFIX,
  SOCKET_IO_PATH,
} from '@simstream/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config.js';
import type { ServerMetrics } from '../metrics.js';
import type { IoServer } from '../socket/types.js';
import { renderTestPage } from '../testPage.js';

export interface SystemRoutesDeps {
  config: ServerConfig;
  hub: CoreHub;
  io: IoServer;
  metrics: ServerMetrics;
  isShuttingDown: () => boolean;
  /** A cluster node's reason it cannot do its job now (Redis unreachable), or null. */
  degradedReason?: () => string | null;
}

/** Health as `GET /api/v1/health` reports it; `transport` tells clients how to match the server. */
export interface HealthResponse {
  /** `degraded`: serving connections, but Redis is unreachable (see `reason`); still HTTP 200. */
  status: 'ok' | 'degraded' | 'shutting_down';
  /** Why the node is degraded (a sentence), when it is. */
  reason?: string;
  protocolVersion: typeof PROTOCOL_VERSION;
  uptimeSeconds: number;
  simulations: number;
  connections: number;
  transport: {
    socketIoPath: string;
    parser: ServerConfig['parser'];
    perMessageDeflateThreshold: number | null;
    rawWebSocket: string;
    authRequired: boolean;
  };
}

const INDEX_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>simstream server</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto">
<h1>simstream server</h1>
<ul>
<li><a href="${API_PREFIX}/ws/test">WebSocket test page</a></li>
<li><a href="${API_PREFIX}/simulations">Simulations (JSON)</a></li>
<li><a href="${API_PREFIX}/health">Health</a></li>
<li><a href="/metrics">Metrics</a></li>
</ul>
<p>The dashboard is served here once it is built (<code>npm start</code> builds it).</p>
</body></html>`;

/**
 * Health, Prometheus metrics, the WebSocket test page, and `/` (the built dashboard when
 * `DASHBOARD_DIR` exists, else a page of links).
 *
 * @example
 * await app.register(systemRoutes({ config, hub, io, metrics, isShuttingDown }));
 */
export function systemRoutes(deps: SystemRoutesDeps) {
  const { config, hub, io, metrics } = deps;
  const startedAt = Date.now();
  return async (app: FastifyInstance) => {
    app.get(`${API_PREFIX}/health`, async (_request, reply): Promise<HealthResponse> => {
      const shuttingDown = deps.isShuttingDown();
      const degraded = shuttingDown ? null : (deps.degradedReason?.() ?? null);
      reply.code(shuttingDown ? 503 : 200);
      return {
        status: shuttingDown ? 'shutting_down' : degraded ? 'degraded' : 'ok',
        ...(degraded ? { reason: degraded } : {}),
        protocolVersion: PROTOCOL_VERSION,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        simulations: hub.list().length,
        connections: io.engine.clientsCount,
        transport: {
          socketIoPath: SOCKET_IO_PATH,
          parser: config.parser,
          perMessageDeflateThreshold: config.deflateThreshold,
          rawWebSocket: `${RAW_WS_PREFIX}/{simulation_id}`,
          authRequired: config.authJwtSecret !== null || config.authJwksUrl !== null,
        },
      };
    });

    app.get('/metrics', async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });

    app.get(`${API_PREFIX}/ws/test`, async (_request, reply) => {
      reply.type('text/html; charset=utf-8');
      return renderTestPage();
    });

    if (config.dashboardDir) {
      await app.register(fastifyStatic, {
        root: config.dashboardDir,
        prefix: '/',
        // Wildcard: files of a rebuild are served without a restart.
      });
      // Client-side routes of the dashboard fall back to its index.html.
      app.setNotFoundHandler((request, reply) => {
        if (
          request.method === 'GET' &&
          !request.url.startsWith('/api/') &&
          !request.url.startsWith(SOCKET_IO_PATH)
        ) {
          return reply.sendFile('index.html');
        }
        return apiNotFound(request, reply);
      });
    } else {
      app.get('/', async (_request, reply) => {
        reply.type('text/html; charset=utf-8');
        return INDEX_PAGE;
      });
      app.setNotFoundHandler(apiNotFound);
    }
  };
}

/**
 * No route: a 404 in the protocol's shape — unless a path segment is longer than any id can
 * be, which Fastify's router (over `maxParamLength`) reports as no route: that is a bad id, 400.
 */
function apiNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? '';
  if (path.split('/').some((segment) => segment.length > LIMITS.idLength * 3)) {
    return reply.code(400).send({
      error: {
        code: 'invalid_message',
        message: `A path segment is longer than any id can be (ids have at most ${LIMITS.idLength} characters).`,
      },
    });
  }
  return reply.code(404).send({
    error: { code: 'not_found', message: `No route ${request.method} ${request.url}.` },
  });
}
