import { type RestResponse, type RestRoute, restError } from './routes.js';

// What adapters without a router or a body parser of their own (msw, the in-memory fetch) need
// to hand a request to the core's table.

/**
 * Find the row for `method pathname` (pathname under `/api/v1`) and its parameters, for
 * adapters without a router of their own (the in-memory fetch).
 *
 * @example
 * const match = matchRestRoute(routes, 'GET', '/simulations/sim-1/snapshot'); // { route, params: { id: 'sim-1' } }
 */
export function matchRestRoute(
  routes: readonly RestRoute[],
  method: string,
  pathname: string,
): { route: RestRoute; params: Record<string, string> } | null {
  const parts = pathname.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method.toUpperCase()) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, i) => {
      const part = parts[i]!;
      if (!segment.startsWith(':')) return segment === part;
      try {
        params[segment.slice(1)] = decodeURIComponent(part);
        return true;
      } catch {
        return false;
      }
    });
    if (matches) return { route, params };
  }
  return null;
}

/**
 * A request body's text as JSON for adapters that parse bodies themselves (msw, the in-memory
 * fetch): empty is "no body" (undefined); text that is not JSON is a 400 `invalid_message`.
 *
 * @example
 * const body = parseJsonBody(await request.text());
 * if (!body.ok) return reply(body.error);
 */
export function parseJsonBody(
  text: string | null | undefined,
): { ok: true; value: unknown } | { ok: false; error: RestResponse } {
  if (text === undefined || text === null || text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return {
      ok: false,
      error: restError({
        code: 'invalid_message',
        message: 'Invalid request: the body is not valid JSON.',
      }),
    };
  }
}
