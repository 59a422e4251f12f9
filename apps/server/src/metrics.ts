import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's Prometheus metrics, on a registry of its own (several servers may share a process in tests). */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Open connections by transport (`socketio`, `raw_ws`). */
  connections: Gauge<'transport'>;
  /** Current subscriptions by simulation (Socket.IO subscriptions plus raw WS viewers). */
  subscriptions: Gauge<'simulation'>;
  /** Envelopes delivered, counted once per recipient. */
  eventsSent: Counter<'type'>;
  /** JSON bytes of delivered envelopes, counted once per recipient (approximate with msgpack). */
  bytesSent: Counter<'type'>;
  /** Subscribe-with-sinceSeq outcomes: `hit` replayed from the log, `miss` answered resync. */
  replays: Counter<'outcome'>;
  /** Errors reported to clients, by protocol error code. */
  errors: Counter<'code'>;
  /** Client messages received, by event name. */
  messagesReceived: Counter<'event'>;
  /** Sockets disconnected for falling too far behind. */
  slowConsumersDropped: Counter;
}

/**
 * Create the metrics, including Node's default ones (event-loop lag and its percentiles,
 * heap, GC) on the same registry.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.errors.inc({ code: 'invalid_message' });
 * reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
 */
export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const registers = [registry];
  return {
    registry,
    connections: new Gauge({
      name: 'simstream_connections',
      help: 'Open client connections by transport',
      labelNames: ['transport'],
      registers,
    }),
    subscriptions: new Gauge({
      name: 'simstream_subscriptions',
      help: 'Current subscriptions by simulation',
      labelNames: ['simulation'],
      registers,
    }),
    eventsSent: new Counter({
      name: 'simstream_events_sent_total',
      help: 'Envelopes delivered to clients (once per recipient) by event type',
      labelNames: ['type'],
      registers,
    }),
    bytesSent: new Counter({
      name: 'simstream_bytes_sent_total',
      help: 'JSON bytes of envelopes delivered to clients (once per recipient) by event type',
      labelNames: ['type'],
      registers,
    }),
    replays: new Counter({
      name: 'simstream_replays_total',
      help: 'Subscriptions with sinceSeq: hit (replayed from the log) or miss (resync)',
      labelNames: ['outcome'],
      registers,
    }),
    errors: new Counter({
      name: 'simstream_errors_total',
      help: 'Errors reported to clients by code',
      labelNames: ['code'],
      registers,
    }),
    messagesReceived: new Counter({
      name: 'simstream_messages_received_total',
      help: 'Client messages received by event name',
      labelNames: ['event'],
      registers,
    }),
    slowConsumersDropped: new Counter({
      name: 'simstream_slow_consumers_dropped_total',
      help: 'Sockets disconnected for falling too far behind (they reconnect and replay)',
      registers,
    }),
  };
}
