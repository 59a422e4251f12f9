/** Wire protocol version carried in every envelope as `v`. */
export const PROTOCOL_VERSION = 1 as const;

/** Socket.IO path and REST prefix used by server, client and mock. */
export const SOCKET_IO_PATH = '/socket.io';
export const API_PREFIX = '/api/v1';
/** The seed-compatible raw WebSocket endpoint: `${RAW_WS_PREFIX}/{simulation_id}`. */
export const RAW_WS_PREFIX = '/api/v1/ws/simulation';

/** Limits applied when parsing untrusted input. */
export const LIMITS = {
  /** Longest identifier (simulation id, decision id, idempotency key, entity id). */
  idLength: 128,
  /** Longest free-text field accepted from a client. */
  textLength: 2_000,
  /** Most event types in one subscription filter. */
  typesPerFilter: 16,
  /** Deepest nesting accepted in an untrusted JSON value. */
  depth: 32,
  /** Largest client message in bytes (commands are small; snapshots flow the other way). */
  clientMessageBytes: 16 * 1024,
  /** Most envelopes in one batch frame. */
  eventsPerBatch: 10_000,
} as const;

/**
 * Most decisions a simulation's decision list holds (`GET …/decisions`, and every viewer's
 * decisions cache), oldest dropped first: one number, so a live viewer and a reloaded one
 * hold the same list.
 */
export const DECISIONS_KEPT = 200;

/** Default page size for `GET /simulations/:id/events`. */
export const DEFAULT_EVENTS_PAGE = 1_000;
