import { API_PREFIX, type ErrorBody } from '@simstream/protocol';
import { matchRestRoute, parseJsonBody } from './routeMatching.js';
import type { RestRoute } from './routes.js';

const json = (status: number, body: unknown): Response =>
  body === undefined ? new Response(null, { status }) : Response.json(body, { status });

/**
 * A `fetch` that answers the REST table in memory (routes under `/api/v1` of any origin), as
 * the server would: same statuses, same bodies, same error sentences. Anything else is a 404
 * `not_found`. `isDown()` makes every call fail like an unreachable host (a TypeError).
 *
 * @example
 * const fetch = createMemoryFetch(core.routes, { isDown: () => false, calls: [] });
 * await (await fetch('http://sim.test/api/v1/simulations/sim-1/snapshot')).json();
 */
export function createMemoryFetch(
  routes: readonly RestRoute[],
  options: { isDown: () => boolean; calls: string[] },
): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    options.calls.push(url.pathname);
    if (options.isDown()) throw new TypeError('fetch failed: the in-memory server is down');
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : null;
    const match = path === null ? null : matchRestRoute(routes, method, path);
    if (!match) {
      const notFound: ErrorBody = {
        error: { code: 'not_found', message: `No route ${method} ${url.pathname}.` },
      };
      return json(404, notFound);
    }
    const raw = init?.body ?? (request ? await request.text() : undefined);
    const body = parseJsonBody(typeof raw === 'string' || raw == null ? raw : '\u0000');
    if (!body.ok) return json(body.error.status, body.error.body);
    const headers = new Headers(init?.headers ?? request?.headers);
    const response = await match.route.handle({
      params: match.params,
      query: Object.fromEntries(url.searchParams),
      body: body.value,
      viewerId: headers.get('x-viewer-id') ?? undefined,
      remote: 'rest:memory',
    });
    return json(response.status, response.body);
  };
}
