import { ERROR_HTTP_STATUS, type ErrorBody, type ProtocolError } from '@simstream/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerMetrics } from '../metrics.js';

/**
 * Reply with `{ error: { code, message, issues? } }` and the code's HTTP status (or `status`).
 *
 * @example
 * return sendError(reply, metrics, { code: 'unknown_simulation', message: 'No simulation "x".' });
 */
export function sendError(
  reply: FastifyReply,
  metrics: ServerMetrics,
  error: ProtocolError,
  status: number = ERROR_HTTP_STATUS[error.code],
): FastifyReply {
  metrics.errors.inc({ code: error.code });
  const body: ErrorBody = { error };
  return reply.code(status).send(body);
}

/**
 * Fastify's error handler: turns framework errors (body too large, bad JSON, rate limit,
 * unknown content type) into protocol error bodies, and hides internals of anything else.
 *
 * @example
 * app.setErrorHandler(createErrorHandler(metrics));
 */
export function createErrorHandler(metrics: ServerMetrics) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      return sendError(reply, metrics, {
        code: 'payload_too_large',
        message: 'The request body is too large; commands are small JSON objects.',
      });
    }
    if (status === 429) {
      return sendError(reply, metrics, {
        code: 'rate_limited',
        message: `Too many requests; ${error.message || 'slow down and retry later'}.`,
      });
    }
    if (status >= 400 && status < 500) {
      return sendError(reply, metrics, {
        code: 'invalid_message',
        message: `Invalid request: ${error.message}`,
      });
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, metrics, {
      code: 'internal',
      message: 'The server failed to handle this request.',
    });
  };
}
