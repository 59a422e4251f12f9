import type { EventType, StepEncoding, SubscribeOk } from '@simstream/protocol';
import type { ReplayResult, SimulationRuntime, SubscriberView } from './types.js';

/**
 * The view a subscribe request asks for: every type unless `types` narrows it, full steps
 * unless it asks for deltas.
 *
 * @example
 * const view = subscriberView({ types: ['simulation_step'], steps: 'delta' });
 */
export function subscriberView(request: {
  types?: readonly EventType[] | undefined;
  steps?: StepEncoding | undefined;
}): SubscriberView {
  return {
    types: request.types ? new Set<EventType>(request.types) : null,
    steps: request.steps ?? 'full',
  };
}

/**
 * Key of a view: subscribers with the same key see the same encoding of a tick, so a
 * transport encodes it once per key and sends that to all of them.
 *
 * @example
 * viewKey({ types: new Set(['shock_applied', 'entity_default']), steps: 'delta' }); // 'delta|entity_default,shock_applied'
 */
export function viewKey(view: { types: ReadonlySet<string> | null; steps: StepEncoding }): string {
  const types = view.types ? [...view.types].sort().join(',') : '*';
  return `${view.steps}|${types}`;
}

/**
 * The successful subscribe ack: with no `replay` (no `sinceSeq` asked), current as of now;
 * otherwise as of the replay, `resync` when the replay could not serve, and `replayed` the
 * envelopes the subscriber was sent.
 *
 * @example
 * const replay = runtime.replay(sinceSeq, epoch);
 * return subscribeOk(runtime, replay, replay.resync ? 0 : sendReplay(replay.events));
 */
export function subscribeOk(
  runtime: Pick<SimulationRuntime, 'id' | 'seq' | 'epoch'>,
  replay?: ReplayResult,
  replayed = 0,
): SubscribeOk {
  return {
    ok: true,
    simulationId: runtime.id,
    currentSeq: replay ? replay.currentSeq : runtime.seq,
    epoch: runtime.epoch,
    replayed,
    resync: replay?.resync ?? false,
  };
}
