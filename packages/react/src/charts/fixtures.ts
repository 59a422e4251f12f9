import { type FeedEvent, toFeedEvent } from '@simstream/client';
import type { Envelope } from '@simstream/protocol';
import { createEngine } from '@simstream/simulation';

/**
 * A real engine run as the stream would carry it (stories and tests): a real-estate crash of
 * `crash` before step 1 (none when 0), then `steps` steps, each event wrapped in an envelope
 * with a gapless seq and kept in feed form, as the kit's events query holds them.
 */
export function recordedRun(crash: number, steps: number): FeedEvent[] {
  const engine = createEngine({ simulationId: 'charts', seed: 3 });
  if (crash !== 0)
    engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: crash });
  const envelopes: Envelope[] = [];
  for (let i = 0; i < steps; i += 1)
    for (const event of engine.step())
      envelopes.push({
        v: 1,
        seq: envelopes.length + 1,
        simulationId: 'charts',
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, envelopes.length)).toISOString(),
        ...event,
      } as Envelope);
  return envelopes.map(toFeedEvent);
}
