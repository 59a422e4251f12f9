import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from './config.js';
import type { ServerMetrics } from './metrics.js';
import { isOriginAllowed } from './origin.js';
import { sendError } from './rest/errors.js';

/**
 * An `onRequest` hook, registered before `@fastify/cors`, for the preflights the plugin would
 * not answer in the protocol's shape: from a refused origin it falls through to
 * `404 No route OPTIONS …`, and without `Origin`/`Access-Control-Request-Method` it answers
 * a plain-text 400. Allowed preflights go on to the plugin.
 *
 * @example
 * app.addHook('onRequest', refusePreflights(config, metrics));
 */
export function refusePreflights(config: ServerConfig, metrics: ServerMetrics) {
  // Async hooks that answer must return the reply, so Fastify stops there.
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'OPTIONS') return undefined;
    const origin = request.headers.origin;
    if (!origin || !request.headers['access-control-request-method']) {
      return sendError(reply, metrics, {
        code: 'invalid_message',
        message: 'A CORS preflight needs Origin and Access-Control-Request-Method headers.',
      });
    }
    if (!isOriginAllowed({ origin }, config.allowedOrigins)) {
      return sendError(reply, metrics, {
        code: 'forbidden_origin',
        message: `The origin ${origin} may not call this API; allow it with ALLOWED_ORIGINS.`,
      });
    }
    return undefined;
  };
}
