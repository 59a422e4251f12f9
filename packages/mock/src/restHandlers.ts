import { type RestResponse, parseJsonBody } from '@simstream/hub';
import { API_PREFIX, ERROR_HTTP_STATUS, type ErrorBody } from '@simstream/protocol';
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { MockServer } from './mockServer.js';

const toResponse = ({ status, body }: RestResponse): Response =>
  body === undefined ? new HttpResponse(null, { status }) : HttpResponse.json(body, { status });

/** Faults first: down is a network error, unauthorized a 401 (as for a missing token). */
function refusal(server: MockServer): Response | null {
  if (server.faults.down) return HttpResponse.error();
  if (!server.faults.unauthorized) return null;
  const body: ErrorBody = {
    error: {
      code: 'unauthorized',
      message: 'A valid token is required: send Authorization: Bearer <token>.',
    },
  };
  return HttpResponse.json(body, { status: ERROR_HTTP_STATUS.unauthorized });
}

/**
 * The msw adapter of the core's REST table: one handler per row under `<origin>/api/v1`
 * (routes, validation, statuses and error sentences are the core's, as on `apps/server`), plus
 * a `GET /health`. `origin` is the server origin the client is given (e.g. `http://sim.test`).
 *
 * @example
 * worker.use(...createRestHandlers({ origin: 'http://sim.test', server }));
 */
export function createRestHandlers(options: { origin: string; server: MockServer }): HttpHandler[] {
  const { server } = options;
  const base = `${options.origin.replace(/\/$/, '')}${API_PREFIX}`;
  const methods = { GET: http.get, POST: http.post, DELETE: http.delete } as const;
  return [
    http.get(`${base}/health`, () => refusal(server) ?? HttpResponse.json({ status: 'ok' })),
    ...server.core.routes.map((route) =>
      methods[route.method](`${base}${route.path}`, async ({ request, params }) => {
        const refused = refusal(server);
        if (refused) return refused;
        const body = parseJsonBody(await request.text());
        if (!body.ok) return toResponse(body.error);
        return toResponse(
          await route.handle({
            params: params as Record<string, string>,
            query: Object.fromEntries(new URL(request.url).searchParams),
            body: body.value,
            viewerId: request.headers.get('x-viewer-id') ?? undefined,
            remote: 'rest:mock',
          }),
        );
      }),
    ),
  ];
}
