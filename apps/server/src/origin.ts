import type { IncomingHttpHeaders } from 'node:http';
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
