import type { IncomingHttpHeaders } from 'node:http';
import type { ProtocolError } from '@simstream/protocol';
import type { ServerConfig } from './config.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether a browser origin may connect. Requests without an `Origin` header come from
 * non-browser clients (curl, node), which can set any header anyway, so they pass: the
 * check protects browsers from cross-site pages, it is not authentication.
 *
 * @example
 * isOriginAllowed(req.headers, config.allowedOrigins) // false for https://evil.example
 */
export function isOriginAllowed(
  headers: IncomingHttpHeaders,
  allowed: ServerConfig['allowedOrigins'],
): boolean {
  const origin = headers.origin;
  if (origin === undefined || origin === '') return true;
  if (allowed === '*') return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (allowed !== null) return allowed.includes(url.origin);
  if (LOCAL_HOSTS.has(url.hostname)) return true;
  // Same origin: the page was served by this host.
  return headers.host !== undefined && url.host === headers.host;
}

/**
 * The sentence a refused page reads: which origin was refused and which server setting
 * allows it. One text for every transport (Socket.IO `connect_error`, raw WS, logs).
 *
 * @example
 * originRefusal('https://app.example').message
 * // Origin https://app.example is not allowed by this server: add it to the server's ALLOWED_ORIGINS setting.
 */
export function originRefusal(origin: string | undefined): ProtocolError {
  return {
    code: 'forbidden_origin',
    message: `Origin ${origin ?? '(none)'} is not allowed by this server: add it to the server's ALLOWED_ORIGINS setting.`,
  };
}

/**
 * Socket.IO middleware refusing pages from origins outside the allowlist. The check runs on
 * the Socket.IO CONNECT, before any command or event, rather than in engine.io's
 * `allowRequest`: a refused WebSocket upgrade reaches the browser as a bare failure it cannot
 * read, while a middleware error arrives as a `connect_error` whose `data` carries the code
 * and the sentence, so the client can stop retrying and say why.
 *
 * @example
 * io.use(refuseDisallowedOrigins(config.allowedOrigins, (origin) => log.warn({ origin }, 'refused')));
 */
export function refuseDisallowedOrigins(
  allowed: ServerConfig['allowedOrigins'],
  onRefused: (origin: string | null) => void,
) {
  return (socket: { handshake: { headers: IncomingHttpHeaders } }, next: (err?: Error) => void) => {
    const { headers } = socket.handshake;
    if (isOriginAllowed(headers, allowed)) return next();
    onRefused(headers.origin ?? null);
    const refusal = originRefusal(headers.origin);
    next(Object.assign(new Error(refusal.message), { data: refusal }));
  };
}
