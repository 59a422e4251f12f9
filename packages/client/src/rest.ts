import {
  API_PREFIX,
  type CreateSimulationRequest,
  type DecisionRecord,
  decisionRecordSchema,
  type EntityState,
  entityResponseSchema,
  type EventsResponse,
  eventsResponseSchema,
  protocolErrorSchema,
  type ShockInput,
  type SimulationSummary,
  type SnapshotResponse,
  simulationSummarySchema,
  snapshotResponseSchema,
  type TimelineResponse,
  timelineResponseSchema,
} from '@simstream/protocol';
import * as v from 'valibot';
import { type RequestOptions, startDeadline } from './deadline.js';
import { globalTimers, type Timers } from './environment.js';
import { type AuthToken, currentToken } from './transport.js';

/** A REST call that failed: the server's error code and sentence, or a transport failure. */
export class StreamRequestError extends Error {
  override readonly name = 'StreamRequestError';
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

// The server's answers as the protocol defines them (bare lists and summaries): the REST
// routes and the mock answer this way, and anything else is not the protocol.
const listSchema = v.array(simulationSummarySchema);
const decisionsSchema = v.array(decisionRecordSchema);
/** The protocol's error body (`ErrorBody`); any other failing answer is reported by status. */
const errorBodySchema = v.strictObject({ error: protocolErrorSchema });

/** Pause, resume or reset a simulation. */
export type ControlAction = 'pause' | 'resume' | 'reset';

export interface RestOptions {
  /** Server origin, e.g. `http://localhost:17170`; empty for same origin. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Bearer token for `Authorization`; a function is called for each call. */
  auth?: AuthToken;
  /**
   * Every call gives up after this many ms with a `timeout` error (a call's own `timeoutMs`
   * overrides it). Default 10,000.
   */
  timeoutMs?: number;
  /** The timer the deadline runs on (tests pass fake ones). Default the global timers. */
  timers?: Timers;
}

/** Default deadline of a REST call. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Fetch and read the body under one deadline: a stalled body is as dead as no answer. */
async function exchange(
  options: RestOptions,
  url: string,
  init: { method?: string; body?: unknown },
  call: RequestOptions,
): Promise<{ response: Response; text: string }> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const deadline = startDeadline(
    { signal: call.signal, timeoutMs },
    options.timers ?? globalTimers,
  );
  try {
    // A string token goes on synchronously; a callback's token is fetched under the deadline.
    const token =
      typeof options.auth === 'function' ? await currentToken(options.auth) : options.auth;
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await doFetch(url, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: deadline.signal,
    });
    return { response, text: await response.text() };
  } catch (err) {
    const outcome = deadline.outcome();
    if (outcome === 'timeout') {
      throw new StreamRequestError(
        `The simulation server did not answer within ${timeoutMs / 1000} s; the request was abandoned.`,
        'timeout',
        0,
      );
    }
    if (outcome === 'aborted') {
      throw new StreamRequestError('The request was cancelled.', 'aborted', 0);
    }
    throw new StreamRequestError(
      `Could not reach the simulation server (${err instanceof Error ? err.message : 'network error'}).`,
      'network',
      0,
    );
  } finally {
    deadline.done();
  }
}

/** The validated body of an answer, or the server's error (or ours) as a `StreamRequestError`. */
function readBody<T>(
  schema: v.GenericSchema<unknown, T>,
  url: string,
  { response, text }: { response: Response; text: string },
): T {
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Non-JSON bodies are reported below as invalid responses.
  }
  if (!response.ok) {
    const parsed = v.safeParse(errorBodySchema, body);
    throw parsed.success
      ? new StreamRequestError(
          parsed.output.error.message,
          parsed.output.error.code,
          response.status,
        )
      : new StreamRequestError(
          `The server answered ${response.status} for ${url}.`,
          'http',
          response.status,
        );
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    throw new StreamRequestError(
      `The server's response to ${url} does not match the protocol: ${parsed.issues[0].message}.`,
      'invalid_response',
      response.status,
    );
  }
  return parsed.output;
}

/**
 * The REST half of the client: every response validated with the protocol's valibot schemas,
 * every failure thrown as a `StreamRequestError` carrying the server's sentence (codes of its
 * own: `network`, `timeout`, `aborted`, `http`, `invalid_response`). Every call has a deadline
 * and takes an abort signal.
 *
 * @example
 * const rest = createRestClient({ baseUrl: 'http://localhost:17170' });
 * const { seq, snapshot } = await rest.fetchSnapshot('demo', { signal, timeoutMs: 5_000 });
 */
export function createRestClient(options: RestOptions) {
  const base = `${options.baseUrl.replace(/\/$/, '')}${API_PREFIX}`;
  const sim = (id: string) => `${base}/simulations/${encodeURIComponent(id)}`;
  const request = async <T>(
    schema: v.GenericSchema<unknown, T>,
    url: string,
    init: { method?: string; body?: unknown } = {},
    call: RequestOptions = {},
  ): Promise<T> => readBody(schema, url, await exchange(options, url, init, call));

  // Every helper takes a last `RequestOptions` argument: an abort signal and a deadline.
  return {
    listSimulations: (call?: RequestOptions): Promise<SimulationSummary[]> =>
      request(listSchema, `${base}/simulations`, {}, call),
    createSimulation: (
      input: CreateSimulationRequest = {},
      call?: RequestOptions,
    ): Promise<SimulationSummary> =>
      request(
        simulationSummarySchema,
        `${base}/simulations`,
        { method: 'POST', body: input },
        call,
      ),
    fetchSnapshot: (id: string, call?: RequestOptions): Promise<SnapshotResponse> =>
      request(snapshotResponseSchema, `${sim(id)}/snapshot`, {}, call),
    /** The snapshot at a past timestep (newest when omitted), or the nearest one the server holds. */
    fetchTimeline: (
      id: string,
      timestep?: number,
      call?: RequestOptions,
    ): Promise<TimelineResponse> =>
      request(
        timelineResponseSchema,
        `${sim(id)}/timeline${timestep === undefined ? '' : `?timestep=${timestep}`}`,
        {},
        call,
      ),
    fetchEvents: (
      id: string,
      query: { since?: number; limit?: number } = {},
      call?: RequestOptions,
    ): Promise<EventsResponse> => {
      const params = new URLSearchParams({ since: String(query.since ?? 0) });
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      return request(
        eventsResponseSchema as v.GenericSchema<unknown, EventsResponse>,
        `${sim(id)}/events?${params}`,
        {},
        call,
      );
    },
    fetchDecisions: (id: string, call?: RequestOptions): Promise<DecisionRecord[]> =>
      request(decisionsSchema, `${sim(id)}/decisions`, {}, call),
    fetchEntity: (id: string, entityId: string, call?: RequestOptions): Promise<EntityState> =>
      request(
        entityResponseSchema,
        `${sim(id)}/entities/${encodeURIComponent(entityId)}`,
        {},
        call,
      ).then((body) => body.entity),
    applyShock: (id: string, shock: ShockInput, call?: RequestOptions): Promise<unknown> =>
      request(v.unknown(), `${sim(id)}/shocks`, { method: 'POST', body: shock }, call),
    control: (id: string, action: ControlAction, call?: RequestOptions): Promise<unknown> =>
      request(v.unknown(), `${sim(id)}/${action}`, { method: 'POST', body: {} }, call),
  };
}

/** The REST helpers of a stream client. */
export type RestClient = ReturnType<typeof createRestClient>;
