import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_HTTP_STATUS, type ErrorBody, LIMITS, type ProtocolError } from '@simstream/protocol';
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

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route runs — malformed
 * percent-encoding (`FST_ERR_BAD_URL`) and path parameters longer than `maxParamLength`
 * (`FST_ERR_MAX_PARAM_LENGTH`) — answered in the protocol's shape, not Fastify's own.
 *
 * @example
 * Fastify({ frameworkErrors: createFrameworkErrorHandler(metrics) });
 */
export function createFrameworkErrorHandler(metrics: ServerMetrics) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const message =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? `A path segment is longer than any id can be (ids have at most ${LIMITS.idLength} characters).`
        : error.code === 'FST_ERR_BAD_URL'
          ? 'The URL is not valid: its path has a malformed percent-encoding.'
          : `Invalid request: ${error.message}`;
    return sendError(reply, metrics, { code: 'invalid_message', message });
  };
}

const CLIENT_ERRORS: Record<string, { status: number; error: ProtocolError }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    error: {
      code: 'payload_too_large',
      message: 'The request line and headers are too large; keep URLs and headers short.',
    },
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    error: { code: 'invalid_message', message: 'The request did not arrive in time.' },
  },
};

/**
 * Fastify's `clientErrorHandler`: bytes Node's HTTP parser refuses (headers too large, not
 * HTTP at all, too slow) never reach a route; answer them in the protocol's shape too, then
 * close the connection (it cannot carry another request).
 *
 * @example
 * Fastify({ clientErrorHandler: createClientErrorHandler(metrics) });
 */
export function createClientErrorHandler(metrics: ServerMetrics) {
  return (err: Error & { code?: string }, socket: Duplex): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const known = CLIENT_ERRORS[err.code ?? ''] ?? {
      status: 400,
      error: { code: 'invalid_message', message: 'The request is not valid HTTP/1.1.' },
    };
    metrics.errors.inc({ code: known.error.code });
    const body = JSON.stringify({ error: known.error } satisfies ErrorBody);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
