import { type FanoutObserver, envelopeBytes } from '@simstream/hub';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerMetrics } from '../metrics.js';

/**
 * The fan-out's observer for this server: Prometheus counters for what was delivered, the
 * subscriptions gauge, replay outcomes, and a log line when a group's broadcast failed.
 *
 * @example
 * createServerCore({ hub, fanout: { observer: fanoutMetrics(metrics, log) } });
 */
export function fanoutMetrics(metrics: ServerMetrics, log: FastifyBaseLogger): FanoutObserver {
  return {
    delivered(events, recipients) {
      for (const envelope of events) {
        metrics.eventsSent.inc({ type: envelope.type }, recipients);
        // JSON size per envelope, measured once however many groups (and replay pages) send it.
        metrics.bytesSent.inc({ type: envelope.type }, envelopeBytes(envelope) * recipients);
      }
    },
    deliveredRaw(events, texts, recipients) {
      for (const [i, envelope] of events.entries()) {
        metrics.eventsSent.inc({ type: envelope.type }, recipients);
        metrics.bytesSent.inc(
          { type: envelope.type },
          Buffer.byteLength(texts[i] ?? '') * recipients,
        );
      }
    },
    replay: (outcome) => metrics.replays.inc({ outcome }),
    viewers: (simulationId, count) =>
      metrics.subscriptions.set({ simulation: simulationId }, count),
    removed: (simulationId) => metrics.subscriptions.remove({ simulation: simulationId }),
    error(err, { simulationId, where }) {
      metrics.errors.inc({ code: 'internal' });
      log.error({ err, simulationId }, `${where} failed`);
    },
  };
}
